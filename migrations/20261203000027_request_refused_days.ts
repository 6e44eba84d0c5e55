import type { Knex } from 'knex';

// Issue 17: a reservation request can be accepted for some of its days and refused for others
// (the day full, the child not expected that week). The days refused are kept beside what was
// asked, so that the family's « Liste des demandes » and the e-mail say which, and why.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('requests', (t) => {
    t.text('refused_dates_json');
  });
}

export async function down(knex: Knex): Promise<void> {
  // A plain drop column: planning_days refers to requests, which SQLite's table rebuild would trip over.
  await knex.raw('alter table requests drop column refused_dates_json');
}
