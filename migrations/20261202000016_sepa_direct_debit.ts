import type { Knex } from 'knex';

// Issue 15, prélèvement SEPA (SDD Core, pain.008.001.02): the commune as creditor (its ICS and
// account), each family's signed mandates (RUM unique; FRST until a first collection, then
// RCUR; lapsed after 36 months unused), and the month's debit batches, one debit per invoice
// (an invoice is in one live debit at most: a unique index over debits not rejected).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('commune_settings', (t) => {
    t.string('sepa_ics', 13).notNullable().defaultTo('');
    t.string('sepa_creditor_name', 70).notNullable().defaultTo('');
    t.string('sepa_creditor_iban', 34).notNullable().defaultTo('');
    t.string('sepa_creditor_bic', 11).notNullable().defaultTo('');
  });
  await knex.schema.createTable('sepa_mandates', (t) => {
    t.increments('id').primary();
    t.integer('family_id').notNullable().references('id').inTable('families');
    t.string('rum', 35).notNullable().unique();
    t.string('signed_on', 10).notNullable();
    t.string('holder', 70).notNullable();
    t.string('iban', 34).notNullable();
    t.string('bic', 11).notNullable();
    t.string('status', 10).notNullable().defaultTo('active'); // active | revoked | lapsed
    t.integer('recorded_by').references('id').inTable('staff_users');
    t.string('created_at', 30).notNullable();
    t.index(['family_id', 'status']);
  });
  // One active mandate per family: the batch knows which account to debit.
  await knex.raw("create unique index sepa_mandates_one_active on sepa_mandates (family_id) where status = 'active'");
  await knex.schema.createTable('sepa_batches', (t) => {
    t.increments('id').primary();
    t.string('message_id', 35).notNullable().unique();
    t.string('collection_date', 10).notNullable();
    t.integer('debit_count').notNullable();
    t.integer('total_cents').notNullable();
    t.string('status', 10).notNullable().defaultTo('prepared'); // prepared | confirmed
    t.string('file_name', 80).notNullable();
    t.text('xml_base64').notNullable();
    t.integer('created_by').references('id').inTable('staff_users');
    t.string('created_at', 30).notNullable();
    t.string('confirmed_at', 30);
  });
  await knex.schema.createTable('sepa_debits', (t) => {
    t.increments('id').primary();
    t.integer('batch_id').notNullable().references('id').inTable('sepa_batches');
    t.integer('invoice_id').notNullable().references('id').inTable('invoices');
    t.integer('mandate_id').notNullable().references('id').inTable('sepa_mandates');
    t.integer('amount_cents').notNullable();
    t.string('sequence', 4).notNullable(); // FRST | RCUR
    t.string('status', 10).notNullable().defaultTo('pending'); // pending | collected | rejected
    t.string('reject_code', 4);
    t.integer('payment_id');
    t.index(['batch_id']);
  });
  await knex.raw("create unique index sepa_debits_one_live on sepa_debits (invoice_id) where status <> 'rejected'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sepa_debits');
  await knex.schema.dropTable('sepa_batches');
  await knex.schema.dropTable('sepa_mandates');
  for (const column of ['sepa_creditor_bic', 'sepa_creditor_iban', 'sepa_creditor_name', 'sepa_ics']) {
    await knex.raw(`alter table commune_settings drop column ${column}`);
  }
}
