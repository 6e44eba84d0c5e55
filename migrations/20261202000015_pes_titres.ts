import type { Knex } from 'knex';

// Issue 15, titres to the trésorerie (PES V2, PESORMC). The commune's identifiers and each
// service's product code and budget nature are settings (the DGFiP leaves them to each
// commune). A bordereau is numbered per exercice without gaps (a counter row moved in the
// issuing transaction); an invoice is in one pièce at most (unique index): it cannot be titred
// twice. The file is kept as written, to be downloaded again identically.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('commune_settings', (t) => {
    t.string('pes_id_post', 10).notNullable().defaultTo(''); // the poste comptable (trésorerie)
    t.string('pes_siret', 14).notNullable().defaultTo(''); // IdColl
    t.string('pes_cod_col', 3).notNullable().defaultTo('');
    t.string('pes_cod_bud', 10).notNullable().defaultTo('');
    t.string('pes_sigle', 40).notNullable().defaultTo(''); // Emetteur/Sigle
  });
  await knex.schema.alterTable('services', (t) => {
    t.string('pes_product_code', 10).notNullable().defaultTo(''); // CodProdLoc
    t.string('pes_nature', 10).notNullable().defaultTo(''); // Nature: the budget account, e.g. 7067
  });
  await knex.schema.createTable('pes_counters', (t) => {
    t.string('exer', 4).primary();
    t.integer('last_number').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('titre_bordereaux', (t) => {
    t.increments('id').primary();
    t.integer('regie_id').notNullable().references('id').inTable('regies');
    t.string('exer', 4).notNullable();
    t.integer('number').notNullable();
    t.string('issued_on', 10).notNullable();
    t.integer('piece_count').notNullable();
    t.integer('total_cents').notNullable();
    t.string('file_name', 80).notNullable();
    t.text('xml_base64').notNullable();
    t.integer('created_by').references('id').inTable('staff_users');
    t.string('created_at', 30).notNullable();
    t.unique(['exer', 'number']);
  });
  await knex.schema.createTable('titre_pieces', (t) => {
    t.increments('id').primary();
    t.integer('bordereau_id').notNullable().references('id').inTable('titre_bordereaux');
    t.integer('invoice_id').notNullable().unique().references('id').inTable('invoices');
    t.integer('piece_number').notNullable();
    t.integer('amount_cents').notNullable();
    t.string('ormc_number', 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('titre_pieces');
  await knex.schema.dropTable('titre_bordereaux');
  await knex.schema.dropTable('pes_counters');
  for (const column of ['pes_nature', 'pes_product_code']) await knex.raw(`alter table services drop column ${column}`);
  for (const column of ['pes_sigle', 'pes_cod_bud', 'pes_cod_col', 'pes_siret', 'pes_id_post']) {
    await knex.raw(`alter table commune_settings drop column ${column}`);
  }
}
