import type { Knex } from 'knex';

// PostgreSQL rolls a transaction back, whole, when it ran into another at the same moment: a
// deadlock (two roll calls, or a roll call and a closure, reaching the same children's monthly
// attendance tallies in opposite orders) or a serialization failure. Nothing of it was kept, so
// the operation is done again, as the agent or the parent would click again. SQLite has one
// writer at a time: neither happens there.
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

const retryable = (error: unknown) => RETRYABLE_CODES.has(String((error as { code?: unknown } | null)?.code ?? ''));

/**
 * `db.transaction(work)`, done again (three times at most) when PostgreSQL rolled it back for a
 * deadlock or a serialization failure. Inside a transaction already, a savepoint cannot be
 * retried: the outer transaction is, by whoever opened it.
 */
export async function retriedTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (db.isTransaction) return db.transaction(work);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !retryable(error)) throw error;
    }
  }
}
