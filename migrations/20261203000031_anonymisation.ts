import type { Knex } from 'knex';

// Issue 18 (RGPD): a family gone for a number of years (the commune's setting, 6 by default) is
// anonymised: its records emptied, its accounting documents kept as the law requires. The family
// keeps its row (invoices and payments point at it), marked with the instant it was anonymised.
// The job waits for an admin to have read the families due and switched it on (it cannot be
// undone): an upgrade never anonymises anyone by itself.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('commune_settings', (t) => {
    t.integer('anonymise_after_years').notNullable().defaultTo(6);
    t.string('anonymisation_enabled_at', 30);
  });
  await knex.schema.alterTable('families', (t) => {
    t.string('anonymised_at', 30);
  });
  // The job's scan: only the families not anonymised yet; the Journal's actor labels by account.
  await knex.raw('create index families_not_anonymised on families (id) where anonymised_at is null');
  await knex.raw('create index audit_log_actor on audit_log (actor_type, actor_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index audit_log_actor');
  await knex.raw('drop index families_not_anonymised');
  // Raw statements: knex's dropColumn rebuilds a SQLite table, and these tables are referenced.
  await knex.raw('alter table families drop column anonymised_at');
  await knex.raw('alter table commune_settings drop column anonymisation_enabled_at');
  await knex.raw('alter table commune_settings drop column anonymise_after_years');
}
