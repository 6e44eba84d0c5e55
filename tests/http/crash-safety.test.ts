import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, sqliteFile } from '../../shared/db/connection';
import { CookieClient, portalParent } from '../support/http-client';
import { spawnServe } from '../support/serve-process';

// The server killed outright (SIGKILL: a power cut, the OOM killer) in the middle of its work,
// then started again: nothing half-done, nothing lost, and the work possible again.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-crash-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const serve = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', STAFF_PORT: '0', PORTAIL_DATE: '2026-11-30T09:00:00Z' };
  delete env.DATABASE_URL;
  return spawnServe(env);
};

describe('a server killed while it seeds the demo', () => {
  it('seeds it whole at the next start: a demo seed is one transaction, done again rather than left half', async () => {
    const first = serve();
    // Killed once the migrations have created the tables, while the demo is being written.
    const file = sqliteFile({ dataDir });
    for (let i = 0; i < 200 && !fs.existsSync(`${file}-wal`); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    await new Promise((resolve) => setTimeout(resolve, 400));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.output()).not.toContain('Base de démonstration créée');

    const second = serve();
    try {
      const { portalUrl } = await second.ready;
      expect(second.output()).toContain('Base de démonstration créée');
      const parent = await portalParent(portalUrl, 'jean.dupont', 'Bonbons2015');
      expect(await (await parent.get('/accueil')).text()).toContain('DUPONT');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    const db = openSqlite(sqliteFile({ dataDir }));
    try {
      // One commune, one DUPONT family: the first attempt left nothing behind.
      expect(await db('commune_settings').count({ n: '*' }).first()).toMatchObject({ n: 1 });
      expect(await db('families').where({ family_number: '1001001010331' }).count({ n: '*' }).first()).toMatchObject({ n: 1 });
    } finally {
      await db.destroy();
    }
  });
});

describe('a server killed during an invoice run and a bulk message', () => {
  it('has billed the month and sent the message whole or not at all, and both can be done again, once', async () => {
    const first = serve();
    const { staffUrl } = await first.ready;
    const db = openSqlite(sqliteFile({ dataDir }));
    const counts = async () => ({
      invoices: Number((await db('invoices').count({ n: '*' }).first())!.n),
      billedDays: Number((await db('planning_day_invoices').count({ n: '*' }).first())!.n),
    });
    try {
      const before = await counts();
      const agent = new CookieClient(staffUrl);
      await agent.postStaffApi('auth.login', { username: 'agent', password: 'Mairie2015' });
      const garderie = Number((await db('services').where({ code: 'GARD_MATIN' }).first('id')).id);
      const bulk = {
        target: { serviceId: garderie },
        sendKey: '3f6c1c2e-9b1a-4d7e-8f00-2a1b3c4d5e6f',
        senderStructureId: null,
        subject: 'Sortie annulée',
        body: 'La sortie de mercredi est annulée.',
      };
      void agent.postStaffApi('billing.issue', { month: '2026-11' }).catch(() => undefined);
      void agent.postStaffApi('messages.bulk', bulk).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 40));
      first.child.kill('SIGKILL');
      await first.exited;
      const afterKill = await counts();
      // Nothing half-done: either no invoice of the run and no day marked, or all of them.
      expect(afterKill.invoices === before.invoices).toBe(afterKill.billedDays === before.billedDays);
      const sentBeforeRestart = Number((await db('messages').where({ subject: 'Sortie annulée' }).count({ n: '*' }).first())!.n);

      const second = serve();
      try {
        const again = new CookieClient((await second.ready).staffUrl);
        await again.postStaffApi('auth.login', { username: 'agent', password: 'Mairie2015' });
        const rerun = await (await again.postStaffApi('billing.issue', { month: '2026-11' })).json();
        if (afterKill.invoices === before.invoices) {
          expect(rerun.ok).toBe(true); // the run killed left nothing: made again, whole
          expect(rerun.value.invoices).toBeGreaterThan(0);
        }
        // The bulk message sent again with its key: every family has it once, whether the first
        // send was killed before its commit (nothing left) or after (sent, not sent again).
        const resent = await (await again.postStaffApi('messages.bulk', bulk)).json();
        expect(resent.ok).toBe(true);
        const sent = Number((await db('messages').where({ subject: 'Sortie annulée' }).count({ n: '*' }).first())!.n);
        expect(sent).toBe(resent.value.families);
        expect([0, resent.value.families]).toContain(sentBeforeRestart);
        const final = await counts();
        expect(final.invoices).toBeGreaterThan(before.invoices);
        expect(final.billedDays).toBeGreaterThan(before.billedDays);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await db.destroy();
    }
  });
});

describe('a server killed while it prints a month’s invoices', () => {
  it('leaves nothing behind — a print writes nothing — and prints the month whole at the next start', async () => {
    const db = openSqlite(sqliteFile({ dataDir }));
    try {
      const month = String((await db('invoices').max('period_month as m').first())!.m);
      const total = Number((await db('invoices').where({ period_month: month }).count({ n: '*' }).first())!.n);
      const journal = async () => Number((await db('audit_log').count({ n: '*' }).first())!.n);
      const files = () => fs.readdirSync(dataDir).sort();
      const first = serve();
      const agent = new CookieClient((await first.ready).staffUrl);
      await agent.postStaffApi('auth.login', { username: 'agent', password: 'Mairie2015' });
      const before = { journal: await journal(), files: files() };
      void agent.postStaffApi('invoices.pdf', { month }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 60));
      first.child.kill('SIGKILL');
      await first.exited;
      expect(await journal()).toBe(before.journal);
      // No half-written file beside the database (the lock of the process killed aside).
      expect(files().filter((f) => !/^portail-famille-\d+\.lock$/.test(f))).toEqual(
        before.files.filter((f) => !/^portail-famille-\d+\.lock$/.test(f)),
      );

      const second = serve();
      try {
        const again = new CookieClient((await second.ready).staffUrl);
        await again.postStaffApi('auth.login', { username: 'agent', password: 'Mairie2015' });
        const printed = await (await again.postStaffApi('invoices.pdf', { month })).json();
        expect(printed).toMatchObject({ ok: true, value: { count: total, total, parts: 1 } });
        expect(Buffer.from(printed.value.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await db.destroy();
    }
  });
});
