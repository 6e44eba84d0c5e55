import type { Knex } from 'knex';

// The household: the family, its two adults (the manual's « Mon compte » and « Mon conjoint »),
// fiscal / CAF / bank details, and the children with everything the child record holds.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('families', (t) => {
    t.increments('id').primary();
    t.string('family_number', 20).notNullable().unique(); // « N° Famille »
    t.string('situation', 40).notNullable().defaultTo(''); // « Situation » : Marié, Séparé…
    t.string('attached_body', 40).notNullable().defaultTo('0'); // « Organisme rattachement »
    t.text('notes').notNullable().defaultTo('');
    // Lower-case, accent-free names, number and city of the household: the grid's search
    // is one indexed-free LIKE on one column instead of joins over adults and children.
    t.text('search_text').notNullable().defaultTo('');
    t.string('archived_at', 30);
    // Bumped by every change: an agent saving a record someone else changed meanwhile is told so.
    t.integer('version').notNullable().defaultTo(1);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('family_adults', (t) => {
    t.increments('id').primary();
    t.integer('family_id').notNullable().references('id').inTable('families').onDelete('CASCADE');
    t.string('role', 12).notNullable(); // responsable | conjoint
    t.string('civility', 10).notNullable().defaultTo(''); // Monsieur | Madame
    t.string('last_name', 80).notNullable();
    t.string('first_name', 80).notNullable();
    t.string('quality', 40).notNullable().defaultTo(''); // « Ouverture / qualité » : Père, Mère, Tuteur…
    t.string('birth_date', 10);
    t.string('address', 200).notNullable().defaultTo('');
    t.string('postal_code', 10).notNullable().defaultTo('');
    t.string('city', 120).notNullable().defaultTo('');
    t.string('phone_home', 30).notNullable().defaultTo('');
    t.string('phone_work', 30).notNullable().defaultTo('');
    t.string('phone_mobile', 30).notNullable().defaultTo('');
    t.string('email', 120).notNullable().defaultTo('');
    t.string('profession', 120).notNullable().defaultTo('');
    t.string('csp', 60).notNullable().defaultTo('');
    t.string('employer', 120).notNullable().defaultTo('');
    t.string('employer_address', 200).notNullable().defaultTo('');
    t.boolean('email_allowed').notNullable().defaultTo(false); // « Autorisation courriel »
    t.boolean('sms_allowed').notNullable().defaultTo(false); // « Autorisation SMS »
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.unique(['family_id', 'role']);
    t.index(['last_name', 'first_name']);
  });

  await knex.schema.createTable('family_fiscal', (t) => {
    t.integer('family_id').primary().references('id').inTable('families').onDelete('CASCADE');
    t.string('benefit_regime', 40).notNullable().defaultTo(''); // régime allocataire : général, MSA…
    t.integer('reference_tax_income_cents'); // revenu fiscal de référence
    t.integer('tax_shares_hundredths'); // nombre de parts × 100
    t.integer('tax_year');
    t.integer('quotient_familial');
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('family_caf', (t) => {
    t.integer('family_id').primary().references('id').inTable('families').onDelete('CASCADE');
    t.string('caf_number', 20).notNullable().defaultTo(''); // N° allocataire
    t.string('caf_office', 80).notNullable().defaultTo('');
    t.integer('quotient_familial');
    t.string('quotient_valid_from', 10);
    t.string('quotient_valid_to', 10);
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('family_bank', (t) => {
    t.integer('family_id').primary().references('id').inTable('families').onDelete('CASCADE');
    t.string('account_holder', 120).notNullable().defaultTo(''); // « Titulaire du compte »
    t.string('bank_name', 120).notNullable().defaultTo(''); // « Nom banque »
    t.string('iban', 34).notNullable().defaultTo('');
    t.string('bic', 11).notNullable().defaultTo('');
    t.boolean('direct_debit').notNullable().defaultTo(false);
    t.string('sepa_mandate_rum', 35).notNullable().defaultTo('');
    t.string('mandate_signed_on', 10);
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('children', (t) => {
    t.increments('id').primary();
    t.integer('family_id').notNullable().references('id').inTable('families').onDelete('CASCADE');
    t.string('last_name', 80).notNullable();
    t.string('first_name', 80).notNullable();
    t.string('sex', 1).notNullable().defaultTo(''); // F | M
    t.string('birth_date', 10).notNullable();
    t.string('school', 120).notNullable().defaultTo('');
    t.string('grade', 20).notNullable().defaultTo(''); // classe : PS, MS, GS, CP…
    t.string('archived_at', 30);
    t.integer('version').notNullable().defaultTo(1);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['family_id']);
    t.index(['last_name', 'first_name']);
  });

  await knex.schema.createTable('authorized_persons', (t) => {
    t.increments('id').primary();
    t.integer('child_id').notNullable().references('id').inTable('children').onDelete('CASCADE');
    t.string('last_name', 80).notNullable();
    t.string('first_name', 80).notNullable();
    t.string('relationship', 60).notNullable().defaultTo('');
    t.string('phone', 30).notNullable().defaultTo('');
    t.boolean('can_pick_up').notNullable().defaultTo(true);
    t.boolean('emergency_contact').notNullable().defaultTo(false);
    t.index(['child_id']);
  });

  await knex.schema.createTable('child_information', (t) => {
    t.integer('child_id').primary().references('id').inTable('children').onDelete('CASCADE');
    t.boolean('dental_appliance').notNullable().defaultTo(false);
    t.boolean('glasses').notNullable().defaultTo(false);
    t.boolean('hearing_aid').notNullable().defaultTo(false);
    t.boolean('photo_allowed').notNullable().defaultTo(false);
    t.boolean('may_leave_alone').notNullable().defaultTo(false);
    t.boolean('outings_allowed').notNullable().defaultTo(false);
    t.string('insurance_company', 120).notNullable().defaultTo('');
    t.string('insurance_policy', 60).notNullable().defaultTo('');
    t.string('insurance_valid_to', 10);
    t.text('other_information').notNullable().defaultTo('');
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('child_health', (t) => {
    t.integer('child_id').primary().references('id').inTable('children').onDelete('CASCADE');
    t.string('doctor_name', 120).notNullable().defaultTo('');
    t.string('doctor_phone', 30).notNullable().defaultTo('');
    t.text('allergies').notNullable().defaultTo('');
    t.string('diet', 120).notNullable().defaultTo(''); // régime alimentaire
    t.boolean('has_pai').notNullable().defaultTo(false); // projet d'accueil individualisé
    t.text('pai_details').notNullable().defaultTo('');
    t.text('medical_notes').notNullable().defaultTo('');
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('child_vaccinations', (t) => {
    t.increments('id').primary();
    t.integer('child_id').notNullable().references('id').inTable('children').onDelete('CASCADE');
    t.string('vaccine', 80).notNullable();
    t.string('vaccinated_on', 10);
    t.string('booster_due_on', 10);
    t.index(['child_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'child_vaccinations',
    'child_health',
    'child_information',
    'authorized_persons',
    'children',
    'family_bank',
    'family_caf',
    'family_fiscal',
    'family_adults',
    'families',
  ]) {
    await knex.schema.dropTable(table);
  }
}
