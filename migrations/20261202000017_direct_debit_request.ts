import type { Knex } from 'knex';

// Issue 15: a family asks for the prélèvement through its « Coordonnées Bancaires » request; the
// wish is kept beside the account (direct_debit itself says a signed mandate is on record).
// A debit the commune withdraws from a prepared batch (« withdrawn ») may be presented again, so
// the one-live-debit index now covers the pending and collected ones only; and a plain index on
// (invoice_id, status) serves the « is it being debited » tests of the unpaid list, which SQLite
// cannot answer from a partial index.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('family_bank', (t) => {
    t.boolean('direct_debit_wanted').notNullable().defaultTo(false);
  });
  await knex.raw('drop index sepa_debits_one_live');
  await knex.raw("create unique index sepa_debits_one_live on sepa_debits (invoice_id) where status in ('pending', 'collected')");
  await knex.schema.alterTable('sepa_debits', (t) => {
    t.index(['invoice_id', 'status'], 'sepa_debits_invoice_status');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index sepa_debits_invoice_status');
  await knex.raw('drop index sepa_debits_one_live');
  await knex.raw("create unique index sepa_debits_one_live on sepa_debits (invoice_id) where status <> 'rejected'");
  await knex.raw('alter table family_bank drop column direct_debit_wanted');
}
