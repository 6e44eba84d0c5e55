import type { Knex } from 'knex';

// Issue 17: a closure added on days already booked cancels those bookings (not billed, the
// family told). Each day it cancelled is kept with what it was, so that removing the closure
// gives the families their days back. A closure is entered once: the same scope and days twice
// (a double click, two agents) would cancel and tell twice.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('closure_cancelled_days', (t) => {
    t.integer('closure_id').notNullable().references('id').inTable('closures').onDelete('CASCADE');
    t.bigInteger('planning_day_id').notNullable().references('id').inTable('planning_days').onDelete('CASCADE');
    t.string('previous_state', 30).notNullable();
    t.string('previous_absence_reason', 200);
    t.primary(['closure_id', 'planning_day_id']);
    t.index(['planning_day_id']);
  });
  // Duplicates entered before this version are one closure: the first is kept.
  await knex.raw(`
    delete from closures where id not in (
      select min(id) from closures group by coalesce(structure_id, 0), coalesce(service_id, 0), starts_on, ends_on
    )`);
  await knex.raw('create unique index closures_once on closures (coalesce(structure_id, 0), coalesce(service_id, 0), starts_on, ends_on)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index closures_once');
  await knex.schema.dropTable('closure_cancelled_days');
}
