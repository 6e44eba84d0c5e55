import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Koa from 'koa';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLog } from '../../portal-server/request-log';
import { migrateToLatest, recordedMigrations } from '../../shared/db/migrate';
import { loggedError, loggedPath } from '../../shared/logging/logger';
import { startTestServers, type TestServers } from '../support/test-app';

// A supervisor (or the reverse proxy) asks each door whether the server is well; the log says
// what each request did without a secret in it.
let servers: TestServers;
beforeAll(async () => {
  servers = await startTestServers();
});
afterAll(async () => {
  await servers?.destroy();
});

describe('GET /sante', () => {
  it('answers 200 on the portal and on the staff door when the database answers and its schema is this version’s', async () => {
    for (const url of [servers.portalUrl, servers.staffUrl]) {
      const response = await fetch(`${url}/sante`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    // The public portal says whether all is well, nothing more; the staff door gives the report.
    expect(await (await fetch(`${servers.portalUrl}/sante`)).json()).toEqual({ status: 'ok', problems: [] });
    const report = await (await fetch(`${servers.staffUrl}/sante`)).json();
    expect(report).toMatchObject({
      status: 'ok',
      database: { reachable: true },
      migrations: { current: true },
      problems: [],
      lastBackup: null,
    });
    expect(report.migrations.applied).toBe(report.migrations.expected);
  });

  it('answers 503, saying why, on a database a newer version migrated; and the app refuses to migrate it', async () => {
    const recorded = await recordedMigrations(servers.db);
    await servers.db('knex_migrations').insert({ name: '20991231000099_from_the_future', batch: 99, migration_time: new Date() });
    try {
      const response = await fetch(`${servers.portalUrl}/sante`);
      expect(response.status).toBe(503);
      const report = await response.json();
      expect(report.status).toBe('erreur');
      expect(report.problems).toEqual(['Base mise à jour par une version plus récente (20991231000099_from_the_future).']);
      await expect(migrateToLatest(servers.db)).rejects.toThrow(
        'Cette base de données a été mise à jour par une version plus récente de Portail Famille (migration 20991231000099_from_the_future) : installez cette version ou une plus récente. Rien n’a été modifié.',
      );
    } finally {
      await servers.db('knex_migrations').where({ name: '20991231000099_from_the_future' }).delete();
    }
    expect(await recordedMigrations(servers.db)).toEqual(recorded);
  });
});

describe('the request log', () => {
  it('writes one JSON line per request — id, door, method, path with tokens masked, status, duration — and never the query string', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const app = new Koa();
    app.silent = true;
    app.use(requestLog('portail', pino({ level: 'info' }, sink)));
    app.use((ctx) => {
      if (ctx.path.startsWith('/panne')) throw new Error('base indisponible');
      ctx.body = 'ok';
    });
    const server = http.createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await fetch(`${base}/activation/Zk3vQ9wLmN2pR7tY5uX8aB4cD6eF8gH0iJ2kL4mN6oP?email=jean.dupont@wanadoo.fr`);
      await fetch(`${base}/panne`);
    } finally {
      server.close();
    }
    const requests = lines.filter((l) => l.msg === 'requête');
    expect(requests.map((l) => [l.door, l.method, l.path, l.status])).toEqual([
      ['portail', 'GET', '/activation/:jeton', 200],
      ['portail', 'GET', '/panne', 500],
    ]);
    expect(requests.every((l) => typeof l.ms === 'number' && /^[0-9a-f-]{36}$/.test(String(l.requestId)))).toBe(true);
    const errors = lines.filter((l) => l.msg === 'erreur');
    expect(errors).toHaveLength(1); // once, with its stack
    expect(String((errors[0]!.err as { stack: string }).stack)).toContain('base indisponible');
    expect(JSON.stringify(lines)).not.toContain('wanadoo');
    expect(JSON.stringify(lines)).not.toContain('Zk3vQ9wLmN2pR7tY5uX8aB4cD6eF8gH0iJ2kL4mN6oP');
  });

  it('keeps of a database error its code and cause, never the statement and the family’s values in it', () => {
    const error = Object.assign(
      new Error(
        "insert into `family_bank` (`iban`) values ('FR7630006000011234567890189') - SQLITE_CONSTRAINT: UNIQUE constraint failed: family_bank.family_id",
      ),
      { code: 'SQLITE_CONSTRAINT', detail: 'Key (iban)=(FR7630006000011234567890189) already exists.' },
    );
    const logged = loggedError(error);
    expect(logged).toMatchObject({
      type: 'Error',
      code: 'SQLITE_CONSTRAINT',
      message: 'SQLITE_CONSTRAINT: UNIQUE constraint failed: family_bank.family_id',
    });
    expect(JSON.stringify(logged)).not.toContain('FR76');
  });

  it('masks the secret segments of a path: activation links, calendar addresses', () => {
    expect(loggedPath('/calendrier/aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9f.ics')).toBe('/calendrier/:jeton');
    expect(loggedPath('/mes-enfants/12/planning')).toBe('/mes-enfants/12/planning');
    expect(loggedPath('/liste-des-demandes')).toBe('/liste-des-demandes');
    expect(loggedPath('/documents/reglement-interieur-2026-2027.pdf')).toBe('/documents/reglement-interieur-2026-2027.pdf');
  });
});
