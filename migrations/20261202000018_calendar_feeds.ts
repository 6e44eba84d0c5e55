import type { Knex } from 'knex';

// Issue 16: a family subscribes its phone's calendar to a child's days. The address carries a
// secret only its sha256 is kept of (the address is shown once, like a password); one live feed
// per child, so that a double click or two tabs never leave two addresses that both work.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_feeds', (t) => {
    t.increments('id');
    t.integer('family_id').notNullable().references('id').inTable('families');
    t.integer('child_id').notNullable().references('id').inTable('children');
    t.string('token_hash', 64).notNullable().unique();
    t.string('created_at', 30).notNullable();
    t.string('revoked_at', 30);
    t.string('last_read_at', 30);
  });
  await knex.raw('create unique index calendar_feeds_one_live on calendar_feeds (child_id) where revoked_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_feeds');
}
