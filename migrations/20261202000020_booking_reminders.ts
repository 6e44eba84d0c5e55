import type { Knex } from 'knex';

// Issue 16: a family may ask to be reminded by e-mail a few days before a booking deadline for
// the coming period (the holidays, next month): a row per family that asked (a table of its own,
// so that families, which so much refers to, is never rebuilt by SQLite on the way down). Each
// reminder sent is recorded with a unique key, so that two processes running the job at once,
// or a job run again, send it once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('booking_reminder_families', (t) => {
    t.integer('family_id').primary().references('id').inTable('families');
    t.string('subscribed_at', 30).notNullable();
  });
  await knex.schema.createTable('booking_reminders_sent', (t) => {
    t.increments('id');
    t.integer('family_id').notNullable().references('id').inTable('families');
    t.integer('service_id').notNullable().references('id').inTable('services');
    t.string('period_start', 10).notNullable();
    t.string('deadline', 16).notNullable(); // commune-local « YYYY-MM-DDTHH:MM »
    t.string('sent_at', 30).notNullable();
    t.unique(['family_id', 'service_id', 'period_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('booking_reminders_sent');
  await knex.schema.dropTable('booking_reminder_families');
}
