import type { Knex } from 'knex';

// Issue 17: an admin resets an agent's password to a temporary one, which the agent must change
// at the next login before anything else.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff_users', (t) => {
    t.boolean('must_change_password').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  // A plain drop column: staff_users is referred to by many tables, which SQLite's table rebuild would trip over.
  await knex.raw('alter table staff_users drop column must_change_password');
}
