import type { Knex } from 'knex';

// Issue 14: what a double click, two tabs or two processes must do once, and lockouts that tell nothing.
// - At most one open PayFiP attempt per invoice (six « Payer » at once opened six operations):
//   a unique index over the pending attempts only, which SQLite and PostgreSQL both enforce.
// - Each attempt carries an unguessable token in its return address (URL mode's return is unsigned).
// - A payment that arrives for an invoice already settled keeps what is to be refunded.
// - The e-mail outbox: a row is claimed (status « sending » until a lease ends) before it is
//   sent, and a failed one waits for its next attempt (backoff) instead of the next queued mail.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payfip_transactions', (t) => {
    t.string('return_token', 64).unique();
  });
  // Older duplicates cannot satisfy the index: all but the newest pending attempt of an invoice expire.
  await knex('payfip_transactions as t')
    .where('t.status', 'pending')
    .whereExists((q) =>
      q
        .select(knex.raw('1'))
        .from('payfip_transactions as newer')
        .whereRaw('newer.invoice_id = t.invoice_id')
        .where('newer.status', 'pending')
        .whereRaw('newer.id > t.id'),
    )
    .update({ status: 'expired' });
  await knex.raw("create unique index payfip_transactions_one_pending on payfip_transactions (invoice_id) where status = 'pending'");
  await knex.schema.alterTable('payments', (t) => {
    t.integer('refund_due_cents').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('email_outbox', (t) => {
    t.string('next_attempt_at', 30);
    t.string('claimed_until', 30);
  });
  // A portal identifiant's lockout, kept per identifiant typed, known or not, so that both answer
  // alike (portal_accounts' failed_attempts / locked_until / lockout_count are no longer read).
  await knex.schema.createTable('portal_login_lockouts', (t) => {
    t.string('login', 120).primary();
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.string('locked_until', 30);
    t.integer('lockout_count').notNullable().defaultTo(0);
    t.string('updated_at', 30).notNullable();
  });
  // Secrets every process over this database shares (the login forms' token key).
  await knex.schema.createTable('server_secrets', (t) => {
    t.string('name', 40).primary();
    t.string('value', 100).notNullable();
  });
  // Columns in the table's order: insert … select names none.
  await knex('portal_login_lockouts').insert(
    knex('portal_accounts')
      .where('failed_attempts', '>', 0)
      .orWhereNotNull('locked_until')
      .orWhere('lockout_count', '>', 0)
      .select('login', 'failed_attempts', 'locked_until', 'lockout_count', 'updated_at'),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('server_secrets');
  await knex.schema.dropTable('portal_login_lockouts');
  await knex('email_outbox').where({ status: 'sending' }).update({ status: 'pending' });
  // ALTER TABLE … DROP COLUMN (SQLite 3.35+) rather than knex's dropColumn, which on SQLite
  // rebuilds the table: dropping payments or payfip_transactions breaks the foreign keys that
  // payment_allocations and payments hold on them as soon as a payment exists.
  await knex.raw('alter table email_outbox drop column claimed_until');
  await knex.raw('alter table email_outbox drop column next_attempt_at');
  await knex.raw('alter table payments drop column refund_due_cents');
  await knex.raw('drop index payfip_transactions_one_pending');
  // PostgreSQL drops the column's unique constraint with it; SQLite refuses to drop an indexed column.
  if (knex.client.config.client !== 'pg') await knex.raw('drop index payfip_transactions_return_token_unique');
  await knex.raw('alter table payfip_transactions drop column return_token');
}
