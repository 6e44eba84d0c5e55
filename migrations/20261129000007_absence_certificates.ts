import type { Knex } from 'knex';

// Medical certificates sent by families with an absence (issue 5): the manual asks for one
// whenever the reason is medical. Stored in the database, like message attachments.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('absence_certificates', (t) => {
    t.increments('id').primary();
    t.integer('family_id').notNullable().references('id').inTable('families').onDelete('CASCADE');
    t.integer('child_id').notNullable().references('id').inTable('children').onDelete('CASCADE');
    t.integer('service_id').notNullable().references('id').inTable('services');
    t.text('dates_json').notNullable(); // the days the certificate covers
    t.string('reason', 200).notNullable().defaultTo('');
    t.string('filename', 200).notNullable();
    t.string('mime_type', 60).notNullable();
    t.integer('size_bytes').notNullable();
    t.binary('content').notNullable();
    t.string('created_at', 30).notNullable();
    t.index(['child_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('absence_certificates');
}
