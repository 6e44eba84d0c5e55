import type { Knex } from 'knex';

// The family portal's accounts, sessions and one-time tokens, login attempts (lockout),
// messages between families and structures, and published documents.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portal_accounts', (t) => {
    t.increments('id').primary();
    t.integer('family_id').notNullable().unique().references('id').inTable('families').onDelete('CASCADE');
    t.string('login', 60).notNullable().unique(); // « Identifiant »
    t.string('password_hash', 200);
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.string('status', 10).notNullable().defaultTo('pending'); // pending | active | disabled
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.string('locked_until', 30);
    t.string('last_login_at', 30);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('portal_sessions', (t) => {
    t.string('id', 64).primary(); // sha-256 of the cookie's token
    t.integer('account_id').notNullable().references('id').inTable('portal_accounts').onDelete('CASCADE');
    t.string('csrf_token', 64).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('last_seen_at', 30).notNullable();
    t.string('expires_at', 30).notNullable();
    t.index(['account_id']);
  });

  await knex.schema.createTable('portal_tokens', (t) => {
    t.increments('id').primary();
    t.integer('account_id').notNullable().references('id').inTable('portal_accounts').onDelete('CASCADE');
    t.string('purpose', 12).notNullable(); // activation | reset
    t.string('token_hash', 64).notNullable().unique();
    t.string('expires_at', 30).notNullable();
    t.string('used_at', 30);
    t.string('created_at', 30).notNullable();
  });

  await knex.schema.createTable('login_attempts', (t) => {
    t.bigIncrements('id').primary();
    t.string('door', 10).notNullable(); // portal | staff
    t.string('login', 120).notNullable();
    t.string('source', 60).notNullable();
    t.boolean('succeeded').notNullable();
    t.string('at', 30).notNullable();
    t.index(['source', 'at']);
    t.index(['login', 'at']);
  });

  await knex.schema.createTable('messages', (t) => {
    t.increments('id').primary();
    t.integer('family_id').notNullable().references('id').inTable('families').onDelete('CASCADE');
    t.integer('structure_id').references('id').inTable('structures'); // null: the mairie
    t.integer('parent_id').references('id').inTable('messages');
    t.string('direction', 12).notNullable(); // to_family | from_family
    t.string('subject', 200).notNullable();
    t.text('body').notNullable();
    t.integer('sender_staff_id').references('id').inTable('staff_users');
    t.string('bulk_id', 40); // one bulk sending to many families
    t.string('read_by_family_at', 30);
    t.string('read_by_staff_at', 30);
    t.string('deleted_by_family_at', 30); // « Messages supprimés »: reversible, never a hard delete
    t.string('handled_at', 30);
    t.string('created_at', 30).notNullable();
    t.index(['family_id', 'direction', 'read_by_family_at']);
    t.index(['structure_id', 'read_by_staff_at']);
  });

  await knex.schema.createTable('message_attachments', (t) => {
    t.increments('id').primary();
    t.integer('message_id').notNullable().references('id').inTable('messages').onDelete('CASCADE');
    t.string('filename', 200).notNullable();
    t.string('mime_type', 60).notNullable();
    t.integer('size_bytes').notNullable();
    t.binary('content').notNullable();
    t.index(['message_id']);
  });

  await knex.schema.createTable('documents', (t) => {
    t.increments('id').primary();
    t.string('title', 200).notNullable();
    t.string('category', 20).notNullable(); // notice | reglement | information | formulaire
    t.string('kind', 4).notNullable(); // file | link
    t.string('url', 500);
    t.string('filename', 200);
    t.string('mime_type', 60);
    t.integer('size_bytes');
    t.binary('content');
    t.integer('position').notNullable().defaultTo(0);
    t.boolean('visible').notNullable().defaultTo(true);
    t.string('published_from', 10);
    t.string('published_to', 10);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['category', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'documents',
    'message_attachments',
    'messages',
    'login_attempts',
    'portal_tokens',
    'portal_sessions',
    'portal_accounts',
  ]) {
    await knex.schema.dropTable(table);
  }
}
