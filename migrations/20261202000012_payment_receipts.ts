import type { Knex } from 'knex';

// Issue 15: a cash payment prints a receipt numbered per régie, without gaps. The régie's
// counter is moved by one UPDATE in the payment's transaction (on PostgreSQL that row stays
// locked until commit, so two cash payments at once take 1 and 2); the unique index is the
// proof that no number is ever given twice.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('regies', (t) => {
    t.integer('receipt_counter').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('payments', (t) => {
    t.integer('receipt_number');
    t.unique(['regie_id', 'receipt_number'], { indexName: 'payments_regie_receipt_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  // ALTER TABLE … DROP COLUMN, not knex's SQLite table rebuild (other tables hold keys on both).
  if (knex.client.config.client === 'pg') await knex.raw('alter table payments drop constraint payments_regie_receipt_unique');
  else await knex.raw('drop index payments_regie_receipt_unique');
  await knex.raw('alter table payments drop column receipt_number');
  await knex.raw('alter table regies drop column receipt_counter');
}
