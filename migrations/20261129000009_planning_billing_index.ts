import type { Knex } from 'knex';

// Issue 8: the invoice run looks for the month's days that no invoice holds. With an index on
// invoice_id alone, « invoice_id is null » matched every future day of the year and the planner
// walked millions of rows; (invoice_id, date) finds exactly the month's unbilled days, and still
// serves « which days did this invoice bill ». The child's month also reads its pending
// requests on every page view: (child_id, state) instead of a scan of the pending ones.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('planning_days', (t) => {
    t.index(['invoice_id', 'date'], 'planning_days_invoice_date_index');
  });
  await knex.schema.alterTable('planning_days', (t) => {
    t.dropIndex(['invoice_id']);
  });
  await knex.schema.alterTable('requests', (t) => {
    t.index(['child_id', 'state']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('requests', (t) => {
    t.dropIndex(['child_id', 'state']);
  });
  await knex.schema.alterTable('planning_days', (t) => {
    t.index(['invoice_id']);
  });
  await knex.schema.alterTable('planning_days', (t) => {
    t.dropIndex(['invoice_id', 'date'], 'planning_days_invoice_date_index');
  });
}
