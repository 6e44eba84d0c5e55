import type { Knex } from 'knex';

// Issue 17: « Statistiques » reads a month of a city's planning (some 400 000 days at 20 000
// families) grouped by service, month and child. With the columns it needs in the index, the scan
// never visits the table: measured on the bench city, 2.6 s → 1.2 s for a month. The invoice run
// updates invoice_id only, which this index does not hold.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('planning_days', (t) => {
    t.index(['service_id', 'date', 'state', 'attendance', 'child_id'], 'planning_days_statistics_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('planning_days', (t) => {
    t.dropIndex(['service_id', 'date', 'state', 'attendance', 'child_id'], 'planning_days_statistics_index');
  });
}
