import type { Knex } from 'knex';

// Issue 15, « Règlements »: a payment is never deleted; it is cancelled by an opposite entry
// (cancels_payment_id, unique: one cancellation, whoever clicks first) with its reason. Each
// payment keeps the régie whose invoices it settles, for the journal's filters and totals.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    // Plain integers, no foreign key: SQLite can drop a column only when no foreign key uses it,
    // and rebuilding payments breaks payment_allocations' key (see down). The core writes them.
    t.integer('regie_id');
    t.integer('cancels_payment_id').unique();
    t.string('cancel_reason', 200);
    t.index(['paid_on']);
    t.index(['regie_id', 'paid_on']);
  });
  // The régie of what each payment settled (the first invoice it went to; none for pure credit).
  await knex('payments').update({
    regie_id: knex('payment_allocations as pa')
      .join('invoices as i', 'i.id', 'pa.invoice_id')
      .whereRaw('pa.payment_id = payments.id')
      .orderBy('pa.id')
      .limit(1)
      .select('i.regie_id'),
  });
}

export async function down(knex: Knex): Promise<void> {
  // ALTER TABLE … DROP COLUMN, not knex's SQLite table rebuild (payment_allocations holds a key on payments).
  await knex.raw('drop index payments_regie_id_paid_on_index');
  await knex.raw('drop index payments_paid_on_index');
  if (knex.client.config.client !== 'pg') await knex.raw('drop index payments_cancels_payment_id_unique');
  for (const column of ['cancel_reason', 'cancels_payment_id', 'regie_id']) {
    await knex.raw(`alter table payments drop column ${column}`);
  }
}
