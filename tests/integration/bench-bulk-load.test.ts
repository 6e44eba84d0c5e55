import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { dropSecondaryIndexes } from '../../bench/bulk-load';
import { migrateToLatest } from '../../shared/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/** The planning's indexes and unique constraints, as the database itself describes them. */
async function planningIndexes(db: Knex, kind: 'sqlite' | 'postgres'): Promise<string[]> {
  if (kind === 'postgres') {
    const { rows } = await db.raw(
      `select pg_get_indexdef(indexrelid) as d from pg_index where indrelid = 'planning_days'::regclass order by 1`,
    );
    const constraints = await db.raw(`select conname from pg_constraint where conrelid = 'planning_days'::regclass order by 1`);
    return [...rows.map((r: { d: string }) => r.d), ...constraints.rows.map((r: { conname: string }) => `constraint ${r.conname}`)];
  }
  const rows = await db('sqlite_master').where({ type: 'index', tbl_name: 'planning_days' }).orderBy('name').select('name', 'sql');
  return rows.map((r) => `${r.name}: ${r.sql}`);
}

// On PostgreSQL the city's build loads its planning without secondary indexes and rebuilds them after: the
// bench must then measure the very schema the migrations make, the unique rule included.
describe('the bench city’s bulk load', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await migrateToLatest(t.db);
  });
  afterAll(() => t.destroy());

  it('drops the planning’s secondary indexes for the load on PostgreSQL (not on SQLite) and rebuilds exactly those the migrations made', async () => {
    const before = await planningIndexes(t.db, t.kind);
    expect(before.length).toBeGreaterThanOrEqual(3); // by date, for the statistics, the unique rule (and on PostgreSQL the key and foreign keys)
    const rebuild = await dropSecondaryIndexes(t.db, 'planning_days');
    const during = await planningIndexes(t.db, t.kind);
    // SQLite keeps them: an index built in one go is packed full, and the invoice run's inserts would split its pages.
    if (t.kind === 'postgres') expect(during.length).toBeLessThan(before.length);
    else expect(during).toEqual(before);
    await rebuild();
    expect(await planningIndexes(t.db, t.kind)).toEqual(before);
  });
});
