import type { Knex } from 'knex';

// Billing (issue 6): each billed planning day points at the invoice that billed it (a re-run
// bills only what no invoice holds; a credit note frees its days), invoice lines say what
// they count, payments recorded from PayFiP's unsigned URL-mode return wait for an agent's
// confirmation, PayFiP transactions keep what was asked and answered, and PayFiP's addresses
// are settings (the demo points them at the simulator built into the portal).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('planning_days', (t) => {
    t.integer('invoice_id').references('id').inTable('invoices').onDelete('SET NULL');
    t.index(['invoice_id']);
    t.index(['date']);
  });
  await knex.schema.alterTable('invoice_lines', (t) => {
    t.string('details', 200).notNullable().defaultTo('');
  });
  await knex.schema.alterTable('invoices', (t) => {
    t.string('cancel_reason', 200);
    t.index(['cancels_invoice_id']);
    t.index(['family_id', 'regie_id', 'period_month']);
  });
  await knex.schema.alterTable('payments', (t) => {
    t.string('status', 12).notNullable().defaultTo('confirmed'); // confirmed | to_confirm | rejected
    t.integer('confirmed_by').references('id').inTable('staff_users');
    t.string('decided_at', 30);
    t.string('reject_reason', 200);
    t.index(['status']);
  });
  await knex.schema.alterTable('payfip_transactions', (t) => {
    t.string('numcli', 6).notNullable().defaultTo('');
    t.string('mel', 80).notNullable().defaultTo('');
    t.string('objet', 100).notNullable().defaultTo('');
    t.string('saisie', 1).notNullable().defaultTo('T');
    t.string('dattrans', 8);
    t.string('heurtrans', 4);
    t.string('failure', 200);
    t.string('last_checked_at', 30);
    t.index(['status', 'created_at']);
  });
  await knex.schema.alterTable('commune_settings', (t) => {
    t.string('payfip_ws_url', 200).notNullable().defaultTo('https://www.payfip.gouv.fr/tpa/services/securite');
    t.string('payfip_payment_page_url', 200).notNullable().defaultTo('https://www.payfip.gouv.fr/tpa/paiementws.web');
    t.string('payfip_url_mode_url', 200).notNullable().defaultTo('https://www.payfip.gouv.fr/tpa/paiement.web');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('commune_settings', (t) => {
    t.dropColumn('payfip_url_mode_url');
    t.dropColumn('payfip_payment_page_url');
    t.dropColumn('payfip_ws_url');
  });
  await knex.schema.alterTable('payfip_transactions', (t) => {
    t.dropIndex(['status', 'created_at']);
    for (const c of ['last_checked_at', 'failure', 'heurtrans', 'dattrans', 'saisie', 'objet', 'mel', 'numcli']) t.dropColumn(c);
  });
  await knex.schema.alterTable('payments', (t) => {
    t.dropIndex(['status']);
    for (const c of ['reject_reason', 'decided_at', 'confirmed_by', 'status']) t.dropColumn(c);
  });
  await knex.schema.alterTable('invoices', (t) => {
    t.dropIndex(['family_id', 'regie_id', 'period_month']);
    t.dropIndex(['cancels_invoice_id']);
    t.dropColumn('cancel_reason');
  });
  await knex.schema.alterTable('invoice_lines', (t) => {
    t.dropColumn('details');
  });
  await knex.schema.alterTable('planning_days', (t) => {
    t.dropIndex(['date']);
    t.dropIndex(['invoice_id']);
    t.dropForeign(['invoice_id']);
    t.dropColumn('invoice_id');
  });
}
