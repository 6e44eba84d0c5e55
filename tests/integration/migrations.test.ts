import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrations, migrateToLatest, rollbackAll } from '../../shared/db/migrate';
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

  it('go down, leaving no table behind, and up again', async () => {
    await rollbackAll(database.db);
    expect(await existingTables()).toEqual([]);
    expect(await appliedMigrations(database.db)).toEqual([]);
    await migrateToLatest(database.db);
    expect(await existingTables()).toEqual(DOMAIN_TABLES);
  });
});
