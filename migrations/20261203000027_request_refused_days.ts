import type { Knex } from 'knex';

// Issue 17: a reservation request can be accepted for some of its days and refused for others
// (the day full, the child not expected that week). The days refused are kept beside what was
// asked, so that the family's « Liste des demandes » and the e-mail say which, and why.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('requests', (t) => {
    t.text('refused_dates_json');
  });
}

export async function down(knex: Knex): Promise<void> {
  // Without the column, a request accepted in part would read as accepted for every day asked.
  const partial = await knex('requests').whereNotNull('refused_dates_json').count<{ n: number | string }[]>({ n: '*' }).first();
  if (Number(partial?.n ?? 0) > 0) {
    throw new Error(
      `${partial?.n} demande(s) acceptée(s) en partie : revenir avant cette version effacerait les jours refusés. Restaurez plutôt une sauvegarde.`,
    );
  }
  // A plain drop column: planning_days refers to requests, which SQLite's table rebuild would trip over.
  await knex.raw('alter table requests drop column refused_dates_json');
}
