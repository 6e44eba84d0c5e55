import type { Knex } from 'knex';

// Issue 15, « Relances »: each reminder of an unpaid invoice, by level (1st, 2nd, last notice)
// and channel (e-mail or printed letter). The unique index on (invoice, level) is what makes a
// reminder leave once, however many agents send the same ones at once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invoice_reminders', (t) => {
    t.increments('id').primary();
    t.integer('invoice_id').notNullable().references('id').inTable('invoices');
    t.integer('family_id').notNullable().references('id').inTable('families');
    t.integer('level').notNullable();
    t.string('channel', 10).notNullable(); // email | letter
    t.integer('remaining_cents').notNullable();
    t.integer('sent_by').references('id').inTable('staff_users');
    t.string('sent_at', 30).notNullable();
    t.unique(['invoice_id', 'level']);
    t.index(['family_id', 'sent_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invoice_reminders');
}
