import type { Knex } from 'knex';

// Issue 17: a bulk message sent twice — a double click, a second window — leaves once. The
// dialog gives each message a key; the first call that records it sends, the others get its result.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bulk_message_sends', (t) => {
    t.string('send_key', 36).primary();
    t.string('bulk_id', 36);
    t.integer('families').notNullable().defaultTo(0);
    t.integer('emails').notNullable().defaultTo(0);
    t.string('created_at', 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bulk_message_sends');
}
