import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retriedTransaction } from '../../shared/db/retried-transaction';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

// Two agents' changes that reach the same rows in opposite orders — a roll call of two children
// and a closure of the same month, each adding to both children's attendance tallies — deadlock
// on PostgreSQL, which rolls one back whole. SQLite has one writer at a time: no deadlock there.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.schema.createTable('tallies_for_test', (t) => {
    t.integer('id').primary();
    t.integer('n').notNullable();
  });
});
afterAll(async () => {
  await database.destroy();
});

/** Two transactions, each updating one row, waiting until the other has, then updating the other row. */
async function crossedUpdates(run: (work: (trx: any) => Promise<void>) => Promise<void>) {
  const db = database.db;
  await db('tallies_for_test').delete();
  await db('tallies_for_test').insert([
    { id: 1, n: 0 },
    { id: 2, n: 0 },
  ]);
  let arrived = 0;
  let release: () => void = () => undefined;
  const bothHoldOne = new Promise<void>((resolve) => {
    release = resolve;
  });
  const crossing = (first: number, second: number) => {
    let attempt = 0;
    return run(async (trx) => {
      attempt += 1;
      await trx('tallies_for_test').where({ id: first }).increment('n', 1);
      // Only the first attempt waits for the other: an attempt made again goes straight on.
      if (attempt === 1) {
        arrived += 1;
        if (arrived === 2) release();
        await bothHoldOne;
      }
      await trx('tallies_for_test').where({ id: second }).increment('n', 1);
    });
  };
  return Promise.allSettled([crossing(1, 2), crossing(2, 1)]);
}

describe.skipIf(!process.env.DATABASE_URL)('a transaction PostgreSQL rolled back for a deadlock', () => {
  it('is lost when nothing does it again: one of the two changes fails', async () => {
    const results = await crossedUpdates((work) => database.db.transaction(work));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason.code).toBe('40P01');
  });

  it('is done again: both changes land, each once', async () => {
    const results = await crossedUpdates((work) => retriedTransaction(database.db, work));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await database.db('tallies_for_test').orderBy('id').select('id', 'n')).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });
});
