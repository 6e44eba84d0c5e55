import type { Knex } from 'knex';

// Tariffs by quotient familial, invoices with their lines and credit notes, payments and their
// allocation to invoices, and PayFiP transactions. Money is integer cents.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tariffs', (t) => {
    t.increments('id').primary();
    t.integer('service_id').notNullable().references('id').inTable('services').onDelete('CASCADE');
    t.integer('school_year_id').notNullable().references('id').inTable('school_years').onDelete('CASCADE');
    t.integer('qf_min'); // inclusive; null with qf_max null = the price when the QF is unknown
    t.integer('qf_max'); // inclusive
    t.integer('unit_price_cents').notNullable();
    t.boolean('is_default').notNullable().defaultTo(false);
    t.index(['service_id', 'school_year_id']);
  });

  await knex.schema.createTable('invoices', (t) => {
    t.increments('id').primary();
    t.integer('regie_id').notNullable().references('id').inTable('regies');
    t.integer('family_id').notNullable().references('id').inTable('families');
    t.integer('sequence').notNullable();
    t.string('number', 20).notNullable().unique(); // AL-36
    t.string('kind', 12).notNullable().defaultTo('invoice'); // invoice | credit_note
    t.integer('cancels_invoice_id').references('id').inTable('invoices');
    t.string('period_month', 7).notNullable(); // YYYY-MM billed
    t.integer('school_year_id').references('id').inTable('school_years');
    t.string('issued_on', 10).notNullable();
    t.string('due_on', 10).notNullable();
    t.integer('total_cents').notNullable();
    t.string('status', 10).notNullable().defaultTo('issued'); // issued | cancelled
    t.integer('created_by').references('id').inTable('staff_users');
    t.string('created_at', 30).notNullable();
    t.unique(['regie_id', 'sequence']);
    t.index(['family_id', 'issued_on']);
    t.index(['period_month']);
  });

  await knex.schema.createTable('invoice_lines', (t) => {
    t.increments('id').primary();
    t.integer('invoice_id').notNullable().references('id').inTable('invoices').onDelete('CASCADE');
    t.integer('child_id').references('id').inTable('children');
    t.integer('service_id').references('id').inTable('services');
    t.string('label', 200).notNullable();
    t.integer('quantity').notNullable();
    t.integer('unit_price_cents').notNullable();
    t.integer('amount_cents').notNullable();
    t.index(['invoice_id']);
  });

  await knex.schema.createTable('payfip_transactions', (t) => {
    t.increments('id').primary();
    t.integer('invoice_id').notNullable().references('id').inTable('invoices');
    t.integer('family_id').notNullable().references('id').inTable('families');
    t.string('mode', 3).notNullable(); // ws | url
    t.string('refdet', 30).notNullable();
    t.string('exer', 4).notNullable();
    t.integer('amount_cents').notNullable();
    t.string('id_op', 64).unique();
    t.string('status', 10).notNullable().defaultTo('pending'); // pending | paid | refused | abandoned
    t.string('result_code', 2);
    t.string('numauto', 30);
    t.string('paid_at', 30);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['invoice_id']);
    t.index(['refdet']);
  });

  await knex.schema.createTable('payments', (t) => {
    t.increments('id').primary();
    t.integer('family_id').notNullable().references('id').inTable('families');
    t.string('type', 12).notNullable(); // virement | especes | cheque | carte | prelevement | titre
    t.string('reference', 60).notNullable().defaultTo('');
    t.string('ormc_number', 30); // « Titre émis (ORMC n°X) »
    t.string('paid_on', 10).notNullable();
    t.integer('amount_cents').notNullable();
    t.integer('payfip_transaction_id').unique().references('id').inTable('payfip_transactions');
    t.integer('recorded_by').references('id').inTable('staff_users');
    t.string('created_at', 30).notNullable();
    t.index(['family_id', 'paid_on']);
  });

  await knex.schema.createTable('payment_allocations', (t) => {
    t.increments('id').primary();
    t.integer('payment_id').notNullable().references('id').inTable('payments').onDelete('CASCADE');
    t.integer('invoice_id').notNullable().references('id').inTable('invoices');
    t.integer('amount_cents').notNullable();
    t.unique(['payment_id', 'invoice_id']);
    t.index(['invoice_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['payment_allocations', 'payments', 'payfip_transactions', 'invoice_lines', 'invoices', 'tariffs']) {
    await knex.schema.dropTable(table);
  }
}
