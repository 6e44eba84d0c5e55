import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrations, migrateToLatest, rollbackAll, rollbackLast } from '../../shared/db/migrate';
import { createTestCore } from '../support/test-app';
import { migrations } from '../../migrations/index';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const DOMAIN_TABLES = [
  'commune_settings',
  'staff_users',
  'staff_sessions',
  'audit_log',
  'email_outbox',
  'families',
  'family_adults',
  'family_fiscal',
  'family_caf',
  'family_bank',
  'children',
  'authorized_persons',
  'child_information',
  'child_health',
  'child_vaccinations',
  'regies',
  'structures',
  'services',
  'booking_rules',
  'school_years',
  'holidays',
  'public_holidays',
  'closures',
  'enrolments',
  'requests',
  'planning_days',
  'waiting_list',
  'tariffs',
  'invoices',
  'invoice_lines',
  'payfip_transactions',
  'payments',
  'payment_allocations',
  'portal_accounts',
  'portal_sessions',
  'portal_tokens',
  'login_attempts',
  'messages',
  'message_attachments',
  'documents',
  'absence_certificates',
  'portal_login_lockouts',
  'server_secrets',
  'cheque_deposits',
  'invoice_reminders',
  'pes_counters',
  'titre_bordereaux',
  'titre_pieces',
  'sepa_mandates',
  'sepa_batches',
  'sepa_debits',
  'calendar_feeds',
  'booking_reminder_families',
  'booking_reminders_sent',
  'bulk_message_sends',
  'closure_cancelled_days',
  'job_runs',
  'planning_day_invoices',
  'attendance_tallies',
];

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

async function existingTables(): Promise<string[]> {
  const found: string[] = [];
  for (const table of DOMAIN_TABLES) if (await database.db.schema.hasTable(table)) found.push(table);
  return found;
}

describe(`migrations (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('go up and create the whole domain', async () => {
    await migrateToLatest(database.db);
    expect(await existingTables()).toEqual(DOMAIN_TABLES);
    expect(await appliedMigrations(database.db)).toEqual(Object.keys(migrations).sort());
  });

  it('enforce the unique constraints the domain relies on', async () => {
    const db = database.db;
    const at = '2026-11-29T00:00:00.000Z';
    await db('families').insert({ family_number: '1001001010331', created_at: at, updated_at: at });
    await expect(db('families').insert({ family_number: '1001001010331', created_at: at, updated_at: at })).rejects.toThrow();
    const family = await db('families').first('id');
    await db('family_adults').insert({
      family_id: family.id,
      role: 'responsable',
      last_name: 'DUPONT',
      first_name: 'JEAN',
      created_at: at,
      updated_at: at,
    });
    await expect(
      db('family_adults').insert({
        family_id: family.id,
        role: 'responsable',
        last_name: 'X',
        first_name: 'Y',
        created_at: at,
        updated_at: at,
      }),
    ).rejects.toThrow();
  });

  it('enforce foreign keys', async () => {
    const at = '2026-11-29T00:00:00.000Z';
    await expect(
      database
        .db('children')
        .insert({ family_id: 999999, last_name: 'A', first_name: 'B', birth_date: '2018-01-01', created_at: at, updated_at: at }),
    ).rejects.toThrow();
  });

  it('keep the attendance tallies’ triggers (a later SQLite table copy would drop them unseen)', async () => {
    const names = process.env.DATABASE_URL
      ? (await database.db.raw('select tgname as name from pg_trigger where not tgisinternal order by tgname')).rows
      : await database.db.raw("select name from sqlite_master where type = 'trigger' order by name");
    expect(names.map((t: { name: string }) => t.name)).toEqual(
      process.env.DATABASE_URL
        ? ['attendance_tally', 'attendance_tally_recount']
        : ['attendance_tally_delete', 'attendance_tally_insert', 'attendance_tally_recount', 'attendance_tally_update'],
    );
  });

  it('go down, leaving no table behind, and up again', async () => {
    await rollbackAll(database.db);
    expect(await existingTables()).toEqual([]);
    expect(await appliedMigrations(database.db)).toEqual([]);
    await migrateToLatest(database.db);
    expect(await existingTables()).toEqual(DOMAIN_TABLES);
  });
});

describe('the latest migrations over a database in use', () => {
  it('go down and up again with billed days: each day is held by the same invoice (the marks move to their table and back)', async () => {
    const core = await createTestCore();
    try {
      const marks = async () =>
        (await core.db('planning_day_invoices').orderBy('planning_day_id').select('planning_day_id', 'invoice_id')).map(
          (m) => `${m.planning_day_id}:${m.invoice_id}`,
        );
      const before = await marks();
      expect(before.length).toBeGreaterThan(100); // the demo's billed months
      const closuresKept = await core.db('closure_cancelled_days').count({ n: '*' }).first();
      await rollbackLast(core.db); // the requests' pending key
      await rollbackLast(core.db); // the attendance tallies
      await rollbackLast(core.db);
      expect(await core.db.schema.hasTable('planning_day_invoices')).toBe(false);
      const columns = (await core.db('planning_days').whereNotNull('invoice_id').orderBy('id').select('id', 'invoice_id')).map(
        (d) => `${d.id}:${d.invoice_id}`,
      );
      expect(columns).toEqual(before);
      await migrateToLatest(core.db);
      expect(await core.db.schema.hasColumn('planning_days', 'invoice_id')).toBe(false);
      expect(await marks()).toEqual(before);
      // SQLite copies the planning to drop the column: the rows that point at it stay.
      expect(await core.db('closure_cancelled_days').count({ n: '*' }).first()).toEqual(closuresKept);
    } finally {
      await core.destroy();
    }
  });

  it('go down and up again with online payments recorded (their foreign keys hold)', async () => {
    const core = await createTestCore();
    try {
      const invoice = await core.db('invoices').where({ number: 'GP-64' }).first('id', 'family_id');
      const at = '2026-11-30T09:00:00.000Z';
      const [tx] = await core
        .db('payfip_transactions')
        .insert({
          invoice_id: invoice.id,
          family_id: invoice.family_id,
          mode: 'url',
          refdet: 'GP000064',
          exer: '2026',
          amount_cents: 9199,
          status: 'paid',
          return_token: 'T'.repeat(32),
          created_at: at,
          updated_at: at,
        })
        .returning('id');
      const txId = Number(typeof tx === 'object' ? tx.id : tx);
      await core.db('payments').insert({
        family_id: invoice.family_id,
        type: 'carte',
        reference: 'PayFiP n° SIM000001',
        paid_on: '2026-11-30',
        amount_cents: 9199,
        payfip_transaction_id: txId,
        status: 'to_confirm',
        refund_due_cents: 9199,
        created_at: at,
      });
      // Down to before 20261202000010_once_only, one migration at a time, as an upgrade gone wrong would.
      while ((await appliedMigrations(core.db)).includes('20261202000010_once_only')) await rollbackLast(core.db);
      expect(await core.db.schema.hasColumn('payfip_transactions', 'return_token')).toBe(false);
      // The demo's direct-debit family: its account opened again for the older version, which kept it in clear.
      expect(await core.db('family_bank').where({ iban: 'FR1420041010050500013M02606' }).first('family_id')).toBeTruthy();
      expect(await core.db.schema.hasColumn('payments', 'cancels_payment_id')).toBe(false);
      expect(await core.db('payments').where({ payfip_transaction_id: txId }).first('amount_cents')).toEqual({ amount_cents: 9199 });
      await migrateToLatest(core.db);
      expect(await core.db.schema.hasColumn('payments', 'refund_due_cents')).toBe(true);
    } finally {
      await core.destroy();
    }
  });
});
