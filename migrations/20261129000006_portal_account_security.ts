import type { Knex } from 'knex';

// Portal account security (issue 3): the address e-mailed links point to, whether the commune
// collects payments itself (the manual's trésorerie notice otherwise), and the count of
// lockouts that makes each new lockout of an account longer.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('commune_settings', (t) => {
    t.string('portal_public_url', 200).notNullable().defaultTo('');
    t.boolean('payments_via_treasury').notNullable().defaultTo(true);
  });
  await knex.schema.alterTable('portal_accounts', (t) => {
    t.integer('lockout_count').notNullable().defaultTo(0);
    t.string('password_changed_at', 30);
  });
  await knex.schema.alterTable('portal_sessions', (t) => {
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('portal_sessions', (t) => {
    t.dropIndex(['expires_at']);
  });
  await knex.schema.alterTable('portal_accounts', (t) => {
    t.dropColumn('password_changed_at');
    t.dropColumn('lockout_count');
  });
  await knex.schema.alterTable('commune_settings', (t) => {
    t.dropColumn('payments_via_treasury');
    t.dropColumn('portal_public_url');
  });
}
