import type { Knex } from 'knex';

// Régies, structures and their services, the school calendar, enrolments and the planning
// (one row per child × service × date), with the waiting list for full days.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('regies', (t) => {
    t.increments('id').primary();
    t.string('name', 120).notNullable();
    t.string('invoice_prefix', 10).notNullable().unique(); // « AL » in « AL-36 »
    t.integer('last_invoice_number').notNullable().defaultTo(0); // the gap-free sequence
    t.string('payfip_client_number', 6).notNullable().defaultTo('');
  });

  await knex.schema.createTable('structures', (t) => {
    t.increments('id').primary();
    t.integer('regie_id').notNullable().references('id').inTable('regies');
    t.string('name', 120).notNullable().unique(); // Accueil de Loisirs, Garderie périscolaire
    t.string('address', 200).notNullable().defaultTo('');
    t.string('phone', 30).notNullable().defaultTo('');
    t.string('email', 120).notNullable().defaultTo('');
    t.integer('position').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('services', (t) => {
    t.increments('id').primary();
    t.integer('structure_id').notNullable().references('id').inTable('structures');
    t.string('code', 30).notNullable().unique();
    t.string('name', 120).notNullable(); // ALSH Mercredi après-midi, Restauration scolaire…
    t.string('unit', 10).notNullable().defaultTo('day'); // day | half_day | meal | hour
    t.boolean('runs_school_days').notNullable().defaultTo(false);
    t.boolean('runs_wednesdays').notNullable().defaultTo(false);
    t.boolean('runs_holidays').notNullable().defaultTo(false);
    t.string('weekdays', 20).notNullable().defaultTo('1,2,3,4,5'); // ISO weekdays it can run on
    t.integer('capacity_per_day');
    t.string('validation_mode', 10).notNullable().defaultTo('agent'); // automatic | agent
    t.boolean('bill_late_cancellation').notNullable().defaultTo(true);
    t.integer('position').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
    t.unique(['structure_id', 'name']);
  });

  await knex.schema.createTable('booking_rules', (t) => {
    t.integer('service_id').primary().references('id').inTable('services').onDelete('CASCADE');
    // reservation deadline: « J-x à HH:MM » or « weekday d of the previous week at HH:MM »
    t.string('reservation_kind', 30).notNullable().defaultTo('days_before');
    t.integer('reservation_days_before').notNullable().defaultTo(2);
    t.integer('reservation_weekday'); // ISO weekday of the previous week
    t.string('reservation_time', 5).notNullable().defaultTo('12:00');
    t.string('cancellation_kind', 30).notNullable().defaultTo('days_before');
    t.integer('cancellation_days_before').notNullable().defaultTo(2);
    t.integer('cancellation_weekday');
    t.string('cancellation_time', 5).notNullable().defaultTo('12:00');
    t.boolean('business_days_only').notNullable().defaultTo(true); // skip weekends and public holidays
  });

  await knex.schema.createTable('school_years', (t) => {
    t.increments('id').primary();
    t.string('label', 9).notNullable().unique(); // 2026-2027
    t.string('starts_on', 10).notNullable();
    t.string('ends_on', 10).notNullable();
  });

  await knex.schema.createTable('holidays', (t) => {
    t.increments('id').primary();
    t.integer('school_year_id').notNullable().references('id').inTable('school_years').onDelete('CASCADE');
    t.string('zone', 1).notNullable(); // A | B | C, or * for all zones
    t.string('kind', 1).notNullable(); // P petites vacances | G grandes vacances
    t.string('name', 80).notNullable();
    t.string('starts_on', 10).notNullable(); // first day without school
    t.string('ends_on', 10).notNullable(); // last day without school
    t.index(['zone', 'starts_on']);
  });

  await knex.schema.createTable('public_holidays', (t) => {
    t.string('date', 10).primary();
    t.string('name', 80).notNullable();
  });

  await knex.schema.createTable('closures', (t) => {
    t.increments('id').primary();
    t.integer('structure_id').references('id').inTable('structures').onDelete('CASCADE');
    t.integer('service_id').references('id').inTable('services').onDelete('CASCADE');
    t.string('starts_on', 10).notNullable();
    t.string('ends_on', 10).notNullable();
    t.string('reason', 200).notNullable().defaultTo('');
    t.index(['starts_on']);
  });

  await knex.schema.createTable('enrolments', (t) => {
    t.increments('id').primary();
    t.integer('child_id').notNullable().references('id').inTable('children').onDelete('CASCADE');
    t.integer('service_id').notNullable().references('id').inTable('services');
    t.integer('school_year_id').references('id').inTable('school_years');
    t.string('starts_on', 10).notNullable();
    t.string('ends_on', 10).notNullable();
    t.string('regular_weekdays', 20).notNullable().defaultTo(''); // « Régulier » : ISO weekdays, e.g. 1,2,4,5
    t.string('status', 10).notNullable().defaultTo('active'); // active | ended
    t.string('created_at', 30).notNullable();
    t.index(['child_id']);
    t.index(['service_id', 'starts_on']);
  });

  await knex.schema.createTable('requests', (t) => {
    t.increments('id').primary();
    t.integer('family_id').notNullable().references('id').inTable('families').onDelete('CASCADE');
    t.integer('child_id').references('id').inTable('children').onDelete('CASCADE');
    // responsable | conjoint | fiscal | caf | bank | authorized_persons | child_information |
    // health | add_child | reservation | absence
    t.string('category', 30).notNullable();
    t.text('proposed_json').notNullable(); // the values asked for
    t.text('previous_json').notNullable().defaultTo('{}'); // the values they replace, as seen when asked
    t.string('state', 10).notNullable().defaultTo('pending'); // pending | accepted | refused | withdrawn
    t.text('family_comment').notNullable().defaultTo('');
    t.text('refusal_reason');
    t.string('created_at', 30).notNullable();
    t.string('decided_at', 30);
    t.integer('decided_by').references('id').inTable('staff_users');
    t.index(['family_id', 'created_at']);
    t.index(['state', 'created_at']);
  });

  await knex.schema.createTable('planning_days', (t) => {
    t.bigIncrements('id').primary();
    t.integer('child_id').notNullable().references('id').inTable('children').onDelete('CASCADE');
    t.integer('service_id').notNullable().references('id').inTable('services');
    t.string('date', 10).notNullable();
    t.integer('enrolment_id').references('id').inTable('enrolments').onDelete('SET NULL');
    // reserved | regular | pending_request | reservation_processing | reservation_refused |
    // absence_processing | absent_excused | absent_billed | leave | error | out_of_contract | closed
    t.string('state', 30).notNullable();
    t.string('attendance', 20); // present | absent_excused | absent_billed
    t.string('absence_reason', 200);
    t.boolean('late_cancellation').notNullable().defaultTo(false);
    t.integer('request_id').references('id').inTable('requests').onDelete('SET NULL');
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 60).notNullable().defaultTo('');
    t.unique(['child_id', 'service_id', 'date']);
    t.index(['service_id', 'date']);
    t.index(['child_id', 'date']);
  });

  await knex.schema.createTable('waiting_list', (t) => {
    t.increments('id').primary();
    t.integer('child_id').notNullable().references('id').inTable('children').onDelete('CASCADE');
    t.integer('service_id').notNullable().references('id').inTable('services');
    t.string('date', 10).notNullable();
    t.integer('request_id').references('id').inTable('requests').onDelete('SET NULL');
    t.string('state', 10).notNullable().defaultTo('waiting'); // waiting | offered | taken | expired
    t.string('created_at', 30).notNullable();
    t.unique(['child_id', 'service_id', 'date']);
    t.index(['service_id', 'date', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'waiting_list',
    'planning_days',
    'requests',
    'enrolments',
    'closures',
    'public_holidays',
    'holidays',
    'school_years',
    'booking_rules',
    'services',
    'structures',
    'regies',
  ]) {
    await knex.schema.dropTable(table);
  }
}
