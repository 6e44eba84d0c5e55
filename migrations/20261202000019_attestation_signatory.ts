import type { Knex } from 'knex';

// Issue 16: the attestations a family prints (frais de garde, présence) are signed by someone
// the commune names — the maire, or the régisseur by delegation.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('commune_settings', (t) => {
    t.string('signatory_name', 120).notNullable().defaultTo('');
    t.string('signatory_title', 80).notNullable().defaultTo('Le Maire');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('commune_settings', (t) => {
    t.dropColumn('signatory_title');
    t.dropColumn('signatory_name');
  });
}
