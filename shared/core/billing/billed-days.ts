import type { Knex } from 'knex';

/**
 * A planning day is billed while an invoice holds it: a row of `planning_day_invoices`, written
 * once by the invoice run and taken away by the credit note that frees the day. Issue 19: the
 * run inserts half a million narrow rows a month there instead of rewriting as many planning
 * rows and their indexes. Reads as `whereNotExists(invoiceHolding(db, 'p.id'))`: « not billed ».
 */
export function invoiceHolding(db: Knex | Knex.Transaction, dayIdColumn: string): Knex.QueryBuilder {
  return db('planning_day_invoices as held').select(db.raw('1')).whereRaw('held.planning_day_id = ??', [dayIdColumn]);
}
