import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_TTL_MS } from '../../shared/core/reference/reference-data';
import { CookieClient, csrfFrom, portalParent } from '../support/http-client';
import { spawnServe } from '../support/serve-process';

// What the README promises a town hall with several workstations and a portal host: two server
// processes (each a portal and a staff door) on one PostgreSQL database, as `npm run serve` runs.
// The demo is seeded by the first, at the instant the tests know (Monday 30 November 2026).
const url = process.env.DATABASE_URL;

interface Server {
  child: ChildProcess;
  portalUrl: string;
  staffUrl: string;
}

async function startServer(databaseUrl: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'pf-mp-')),
    PORT: '0',
    STAFF_PORT: '0',
    PORTAIL_DATE: '2026-11-30T09:00:00Z',
    PAYFIP_SIMULATOR: '0',
  };
  const server = spawnServe(env);
  return { child: server.child, ...(await server.ready) };
}

async function agentOn(server: Server, username = 'agent', password = 'Mairie2015') {
  const client = new CookieClient(server.staffUrl);
  const login = await client.postStaffApi('auth.login', { username, password });
  expect(login.status).toBe(200);
  return async (name: string, input: unknown): Promise<any> => (await client.postStaffApi(name, input)).json();
}

describe.skipIf(!url)('two server processes on one PostgreSQL database', () => {
  let admin: Knex;
  let db: Knex;
  let name: string;
  let first: Server;
  let second: Server;

  beforeAll(async () => {
    name = `pf_mp_${randomBytes(5).toString('hex')}`;
    admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    await admin.raw(`create database ${name}`);
    const target = new URL(url!);
    target.pathname = `/${name}`;
    first = await startServer(target.toString()); // creates the demo
    second = await startServer(target.toString());
    db = knexFactory({ client: 'pg', connection: target.toString(), pool: { min: 0, max: 2 } });
  }, 120_000);

  afterAll(async () => {
    for (const server of [first, second]) server?.child.kill('SIGTERM');
    await db?.destroy();
    await admin?.raw(`drop database if exists ${name} with (force)`);
    await admin?.destroy();
  });

  it('keeps a parent logged in on both portals', async () => {
    const parent = await portalParent(first.portalUrl, 'jean.dupont', 'Bonbons2015');
    const home = await fetch(`${second.portalUrl}/accueil`, {
      headers: { Cookie: `pf_session=${parent.cookie('pf_session')}` },
      redirect: 'manual',
    });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('DUPONT');
  });

  it('gives one invoice run for two started at once on two workstations', async () => {
    const [a, b] = await Promise.all([agentOn(first), agentOn(second)]);
    const count = async () => Number((await db('invoices').count<{ n: string }[]>({ n: '*' }).first())!.n);
    const before = await count();
    const [runA, runB] = await Promise.all([a('billing.issue', { month: '2026-11' }), b('billing.issue', { month: '2026-11' })]);
    expect([runA.ok, runB.ok].sort()).toEqual([false, true]);
    const run = runA.ok ? runA.value : runB.value;
    expect(run.invoices).toBeGreaterThan(0);
    expect((await count()) - before).toBe(run.invoices);
  });

  it('shows on one workstation what another changed, and never over-books from two portals', async () => {
    const [a, b] = await Promise.all([agentOn(first), agentOn(second, 'directrice', 'Direction2015')]);
    const family = await db('families').where({ family_number: '1001001010331' }).first('id');
    const [lea, hugo] = await Promise.all(
      ['LÉA', 'HUGO'].map(async (first_name) => Number((await db('children').where({ family_id: family.id, first_name }).first('id')).id)),
    );
    const garderie = await db('services').where({ code: 'GARD_MATIN' }).first('id');
    // On the first workstation HUGO is enrolled in the morning garderie; the second sees it at once.
    const enrolled = await a('enrolments.create', { childId: hugo, serviceId: garderie.id, startsOn: '2026-12-01', endsOn: '2027-07-03' });
    expect(enrolled.ok).toBe(true);
    const seen = await b('enrolments.list', { id: hugo });
    expect(seen.value.some((e: any) => e.serviceId === garderie.id)).toBe(true);
    // A closure added on the first workstation: the second portal stops offering the day within
    // the reference data's stated delay (REFERENCE_TTL_MS, 5 s).
    const parentOnSecond = await portalParent(second.portalUrl, 'jean.dupont', 'Bonbons2015');
    const offered = async () =>
      (await (await parentOnSecond.get(`/mes-enfants/${lea}/planning?mois=2026-12`)).text()).includes(`value="${garderie.id}|2026-12-15"`);
    expect(await offered()).toBe(true);
    const closed = await a('closures.add', {
      structureId: null,
      serviceId: garderie.id,
      startsOn: '2026-12-15',
      endsOn: '2026-12-15',
      reason: 'Grève',
    });
    expect(closed.ok).toBe(true);
    const since = Date.now();
    while (await offered()) {
      expect(Date.now() - since).toBeLessThan(REFERENCE_TTL_MS + 1_500);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The second workstation leaves one place on Tuesday 8 December.
    const day = '2026-12-08';
    const booked = Number(
      (await db('planning_days')
        .where({ service_id: garderie.id, date: day })
        .whereIn('state', ['reserved', 'regular'])
        .count({ n: '*' })
        .first())!.n,
    );
    const settings = (await b('services.settings', {})).value.find((s: any) => s.id === garderie.id);
    const { label: _label, ...rest } = settings;
    expect((await b('services.updateSettings', { ...rest, capacityPerDay: booked + 1 })).ok).toBe(true);
    // LÉA from the first portal, HUGO from the second, at the same instant: one place, one waiting list.
    const book = async (server: Server, childId: number) => {
      const parent = await portalParent(server.portalUrl, 'jean.dupont', 'Bonbons2015');
      const page = await (await parent.get(`/mes-enfants/${childId}/planning?mois=2026-12`)).text();
      return parent.postForm(`/mes-enfants/${childId}/planning?mois=2026-12`, {
        _csrf: csrfFrom(page),
        jours: `${garderie.id}|${day}`,
        action: 'reserve',
      });
    };
    const answers = await Promise.all([book(first, lea), book(second, hugo)]);
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(texts.filter((t) => t.includes(': Réservé.'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('liste d’attente'))).toHaveLength(1);
    const after = Number(
      (await db('planning_days')
        .where({ service_id: garderie.id, date: day })
        .whereIn('state', ['reserved', 'regular'])
        .count({ n: '*' })
        .first())!.n,
    );
    expect(after).toBe(booked + 1);
  });
});
