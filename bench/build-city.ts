import './bench-data-key';
import { bootstrapDatabase } from '../shared/db/bootstrap';
import { seedDemoCommune } from '../shared/demo/demo-seed';
import { fixedClock } from '../shared/core/clock';
import { createMailer } from '../shared/core/mail/mailer';
import { createStaffDispatcher } from '../shared/core/staff-dispatcher';
import { insertStaffUser } from '../shared/core/accounts/staff-auth';
import { isPostgres } from '../shared/db/connection';
import os from 'node:os';
import path from 'node:path';
import { generateCity, type CitySummary } from './generate-city';
import { cityName, openCity, saveCityBuild } from './city-database';
import { benchMachine } from './machine';

/** The benchmark's "today": the test suite's Monday 30 November 2026, 10:00 in Paris. */
export const BENCH_NOW = '2026-11-30T09:00:00.000Z';
export const BENCH_AGENT = { username: 'banc.agent', password: 'Banc-Agent-2026' };

/**
 * Builds the city in a fresh database: the demo commune, `families` generated households, then
 * September and October billed by the real invoice run and mostly paid.
 */
export async function buildCity(options: {
  families: number;
  seed: number;
  databaseUrl?: string;
  log?: (line: string) => void;
}): Promise<CitySummary & { seconds: number; where: string }> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const city = await openCity(cityName(options.families, options.seed), { databaseUrl: options.databaseUrl, fresh: true });
  try {
    const now = new Date(BENCH_NOW);
    await bootstrapDatabase(city.db, { production: false, now, seedDemo: seedDemoCommune });
    if (!isPostgres(city.db)) await city.db.raw('PRAGMA synchronous = OFF'); // a throw-away build: speed over durability
    const summary = await generateCity(city.db, { families: options.families, seed: options.seed, now, log });
    await insertStaffUser(
      city.db,
      { username: BENCH_AGENT.username, displayName: 'Agent du banc d’essai', password: BENCH_AGENT.password, role: 'admin' },
      BENCH_NOW,
    );
    const dispatch = createStaffDispatcher({
      db: city.db,
      clock: fixedClock(BENCH_NOW),
      mailer: createMailer({ outboxDir: path.join(os.tmpdir(), 'pf-bench-outbox') }),
      portalBaseUrl: 'http://127.0.0.1',
    });
    const login = await dispatch({ name: 'auth.login', input: BENCH_AGENT, sessionToken: null, source: 'bench' });
    for (const [month, issuedOn] of [
      ['2026-09', '2026-10-05'],
      ['2026-10', '2026-11-05'],
    ] as const) {
      const run = await dispatch({
        name: 'billing.issue',
        input: { month, issuedOn },
        sessionToken: login.sessionToken ?? null,
        source: 'bench',
      });
      if (!run.response.ok) throw new Error(`facturation ${month} : ${run.response.error.message}`);
      log(`  ${month} : ${(run.response.value as { invoices: number }).invoices} factures`);
    }
    // September is paid by almost everyone; October by half of the families so far.
    const paid = await city
      .db('invoices')
      .whereIn('period_month', ['2026-09', '2026-10'])
      .where({ kind: 'invoice' })
      .orderBy('id')
      .select('id', 'family_id', 'total_cents', 'period_month', 'issued_on');
    const payments = paid.filter((inv, i) => (inv.period_month === '2026-09' ? i % 20 !== 0 : i % 2 === 0));
    let paymentId = Number((await city.db('payments').max({ m: 'id' }).first())?.m ?? 0) + 1;
    const rows = payments.map((inv) => ({
      id: paymentId++,
      family_id: inv.family_id,
      type: 'virement',
      reference: 'Virement',
      paid_on: inv.period_month === '2026-09' ? '2026-10-25' : '2026-11-20',
      amount_cents: inv.total_cents,
      status: 'confirmed',
      created_at: BENCH_NOW,
      invoice: inv.id,
    }));
    for (let i = 0; i < rows.length; i += 2000) {
      const part = rows.slice(i, i + 2000);
      await city.db.transaction(async (trx) => {
        await trx.batchInsert(
          'payments',
          part.map(({ invoice: _i, ...p }) => p),
          400,
        );
        await trx.batchInsert(
          'payment_allocations',
          part.map((p) => ({ payment_id: p.id, invoice_id: p.invoice, amount_cents: p.amount_cents })),
          400,
        );
      });
    }
    if (isPostgres(city.db)) {
      await city.db.raw(`select setval(pg_get_serial_sequence('payments', 'id'), (select max(id) from payments))`);
      await city.db.raw('analyze');
    } else {
      await city.db.raw('analyze');
      await city.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    }
    summary.invoices += paid.length;
    summary.payments += rows.length;
    const seconds = (Date.now() - started) / 1000;
    saveCityBuild(cityName(options.families, options.seed), options.databaseUrl, {
      seconds: Math.round(seconds),
      machine: benchMachine(),
      builtAt: new Date().toISOString(),
    });
    return { ...summary, seconds, where: city.where };
  } finally {
    await city.close();
  }
}
