import type { Knex } from 'knex';

/** Inserts one row and returns its id, on SQLite and PostgreSQL alike. */
export async function insertId(db: Knex | Knex.Transaction, table: string, row: Record<string, unknown>): Promise<number> {
  const [created] = await db(table).insert(row).returning('id');
  return Number(typeof created === 'object' ? (created as { id: number }).id : created);
}
