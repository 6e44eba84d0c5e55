import type { Knex } from 'knex';

// Issue 19: every planning day the invoice run marks (450 000 a month at 20 000 families)
// writes a new entry in each of the table's indexes. Two of them repeated another's first
// columns: (service_id, date) is the start of the statistics index, and (child_id, date) becomes
// the start of the unique rule once it reads (child_id, date, service_id) — the same rule, a
// child's service on a day, with a child's days in date order for the pages that read them.
const OLD_UNIQUE = ['child_id', 'service_id', 'date'];
const NEW_UNIQUE = ['child_id', 'date', 'service_id'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('planning_days', (t) => {
    t.unique(NEW_UNIQUE, { indexName: 'planning_days_child_date_service_unique' });
  });
  await knex.schema.alterTable('planning_days', (t) => {
    t.dropUnique(OLD_UNIQUE);
    t.dropIndex(['service_id', 'date']);
    t.dropIndex(['child_id', 'date']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('planning_days', (t) => {
    t.unique(OLD_UNIQUE);
    t.index(['service_id', 'date']);
    t.index(['child_id', 'date']);
  });
  await knex.schema.alterTable('planning_days', (t) => {
    t.dropUnique(NEW_UNIQUE, 'planning_days_child_date_service_unique');
  });
}
