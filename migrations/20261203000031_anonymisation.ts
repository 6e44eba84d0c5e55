import type { Knex } from 'knex';

// Issue 18 (RGPD): a family gone for a number of years (the commune's setting, 6 by default) is
// anonymised: its records emptied, its accounting documents kept as the law requires. The family
// keeps its row (invoices and payments point at it), marked with the instant it was anonymised.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('commune_settings', (t) => {
    t.integer('anonymise_after_years').notNullable().defaultTo(6);
  });
  await knex.schema.alterTable('families', (t) => {
    t.string('anonymised_at', 30);
  });
}

export async function down(knex: Knex): Promise<void> {
  // Raw statements: knex's dropColumn rebuilds a SQLite table, and these tables are referenced.
  await knex.raw('alter table families drop column anonymised_at');
  await knex.raw('alter table commune_settings drop column anonymise_after_years');
}
