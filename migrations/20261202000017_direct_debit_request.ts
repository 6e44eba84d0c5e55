import type { Knex } from 'knex';

// Issue 15: a family asks for the prélèvement through its « Coordonnées Bancaires » request; the
// wish is kept beside the account (direct_debit itself says a signed mandate is on record).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('family_bank', (t) => {
    t.boolean('direct_debit_wanted').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table family_bank drop column direct_debit_wanted');
}
