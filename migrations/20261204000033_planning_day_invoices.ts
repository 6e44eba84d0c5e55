import type { Knex } from 'knex';
import { isPostgres } from '../shared/db/connection';

// Issue 19: the invoice run marked each billed day by rewriting its planning row (450 000 rows
// a month at 20 000 families, each a new row version and an entry in every index of the
// table): two thirds of the run. A billed day is now a row of its own in a narrow table the run
// only inserts into; `planning_day_id` is its key, so a day is held by one invoice at most.
//
// No foreign key from the mark to its day: PostgreSQL checks one by locking each of the month's
// days, a write to every page of the planning (measured at 20 000 families: 8.3 s for the run
// with it, 6.9 s without, 16.3 s when the planning rows were rewritten). The
// marks are only ever written from the planning itself (the run's insert … select), and the
// two ways a day leaves the planning (a reservation cancelled in time, the regular days after an
// enrolment's end) leave alone a day an invoice holds.
//
// Not in one transaction: SQLite cannot drop a column that a foreign key names, so knex copies
// the table, which is safe only with foreign keys off, and that pragma has no effect inside a
// transaction (with them on, dropping the old table would delete the closures' kept days).
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  // On SQLite, a first attempt whose table copy failed left this part done: it is not redone.
  if (!(await knex.schema.hasTable('planning_day_invoices'))) await moveMarks(knex);
  if (!isPostgres(knex)) {
    await knex.schema.alterTable('planning_days', (t) => {
      t.dropForeign(['invoice_id']);
      t.dropColumn('invoice_id');
    });
  }
}

/** The marks move to their table in one transaction; on PostgreSQL the column goes with them. */
async function moveMarks(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.schema.createTable('planning_day_invoices', (t) => {
      t.bigInteger('planning_day_id').primary();
      t.integer('invoice_id').notNullable().references('id').inTable('invoices');
      t.index(['invoice_id']);
    });
    await trx.raw(
      'insert into planning_day_invoices (planning_day_id, invoice_id) select id, invoice_id from planning_days where invoice_id is not null',
    );
    await trx.schema.alterTable('planning_days', (t) => {
      t.dropIndex(['invoice_id', 'date'], 'planning_days_invoice_date_index');
    });
    if (isPostgres(knex)) await trx.raw('alter table planning_days drop column invoice_id');
  });
}

export async function down(knex: Knex): Promise<void> {
  // A first attempt stopped after this step left the column: it is not added twice.
  if (!(await knex.schema.hasColumn('planning_days', 'invoice_id'))) {
    await knex.schema.alterTable('planning_days', (t) => {
      t.integer('invoice_id').references('id').inTable('invoices').onDelete('SET NULL');
    });
  }
  await knex.transaction(async (trx) => {
    await trx.raw(
      'update planning_days set invoice_id = (select m.invoice_id from planning_day_invoices m where m.planning_day_id = planning_days.id) where id in (select planning_day_id from planning_day_invoices)',
    );
    await trx.schema.alterTable('planning_days', (t) => {
      t.index(['invoice_id', 'date'], 'planning_days_invoice_date_index');
    });
    await trx.schema.dropTable('planning_day_invoices');
  });
}
