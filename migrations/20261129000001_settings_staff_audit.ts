import type { Knex } from 'knex';

// Commune-wide settings, staff accounts, the audit trail and the e-mail outbox:
// everything the rest of the schema refers to but that belongs to no family.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('commune_settings', (t) => {
    t.integer('id').primary(); // always 1: a database serves one commune
    t.string('name', 120).notNullable();
    t.string('address', 200).notNullable().defaultTo('');
    t.string('postal_code', 10).notNullable().defaultTo('');
    t.string('city', 120).notNullable().defaultTo('');
    t.string('phone', 30).notNullable().defaultTo('');
    t.string('email', 120).notNullable().defaultTo('');
    t.string('website', 200).notNullable().defaultTo('');
    t.string('treasury_name', 120).notNullable().defaultTo('');
    t.string('treasury_phone', 30).notNullable().defaultTo('');
    t.string('treasury_address', 200).notNullable().defaultTo('');
    t.text('home_message').notNullable().defaultTo('');
    t.string('school_zone', 1).notNullable().defaultTo('B');
    t.string('timezone', 40).notNullable().defaultTo('Europe/Paris');
    t.string('payfip_client_number', 6).notNullable().defaultTo('');
    t.string('payfip_mode', 3).notNullable().defaultTo('ws'); // ws (web service) or url
    t.string('payfip_saisie', 1).notNullable().defaultTo('T'); // T test, X activation, A/W production
    t.integer('payfip_link_days_after_due').notNullable().defaultTo(30);
    t.string('invoice_due_rule', 40).notNullable().defaultTo('end_of_next_month');
    t.string('smtp_host', 200).notNullable().defaultTo('');
    t.integer('smtp_port').notNullable().defaultTo(587);
    t.boolean('smtp_secure').notNullable().defaultTo(false);
    t.string('smtp_user', 200).notNullable().defaultTo('');
    t.string('smtp_password', 200).notNullable().defaultTo('');
    t.string('smtp_from', 200).notNullable().defaultTo('');
    t.text('request_modes_json').notNullable().defaultTo('{}'); // per request category: agent | automatic
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('staff_users', (t) => {
    t.increments('id').primary();
    t.string('username', 60).notNullable().unique();
    t.string('display_name', 120).notNullable();
    t.string('email', 120).notNullable().defaultTo('');
    t.string('password_hash', 200).notNullable();
    t.string('role', 10).notNullable(); // agent | admin
    t.boolean('active').notNullable().defaultTo(true);
    t.string('last_login_at', 30);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('staff_sessions', (t) => {
    t.string('id', 64).primary(); // sha-256 of the token: a stolen table gives no usable token
    t.integer('staff_user_id').notNullable().references('id').inTable('staff_users').onDelete('CASCADE');
    t.string('created_at', 30).notNullable();
    t.string('last_seen_at', 30).notNullable();
    t.string('expires_at', 30).notNullable();
    t.index(['staff_user_id']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.string('at', 30).notNullable();
    t.string('actor_type', 10).notNullable(); // staff | family | system
    t.integer('actor_id');
    t.string('actor_label', 120).notNullable().defaultTo('');
    t.string('action', 80).notNullable();
    t.string('entity', 40).notNullable();
    t.string('entity_id', 40);
    t.text('details_json').notNullable().defaultTo('{}');
    t.string('source', 60).notNullable().defaultTo('');
    t.index(['entity', 'entity_id']);
    t.index(['at']);
  });

  await knex.schema.createTable('email_outbox', (t) => {
    t.increments('id').primary();
    t.string('to_address', 200).notNullable();
    t.string('subject', 250).notNullable();
    t.text('text_body').notNullable();
    t.text('html_body');
    t.string('status', 10).notNullable().defaultTo('pending'); // pending | sent | failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.string('created_at', 30).notNullable();
    t.string('sent_at', 30);
    t.index(['status', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('email_outbox');
  await knex.schema.dropTable('audit_log');
  await knex.schema.dropTable('staff_sessions');
  await knex.schema.dropTable('staff_users');
  await knex.schema.dropTable('commune_settings');
}
