import type { Knex } from 'knex';

// Issue 17: statistics count hours as well as days (the CAF's « heures réalisées »): each service
// says how long a day of it lasts, in minutes (a garderie morning 1 h 30, an ALSH day 10 h).
// Unknown for the services of an existing commune until an agent fills it in.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('services', (t) => {
    t.integer('minutes_per_day');
  });
}

export async function down(knex: Knex): Promise<void> {
  // A plain drop column: services is referred to by many tables, which SQLite's table rebuild would trip over.
  await knex.raw('alter table services drop column minutes_per_day');
}
