import type { Knex } from 'knex';

// Issue 15, « Bordereau de remise de chèques »: the cheques a régie takes to the bank together,
// numbered per régie without gaps (the régie's counter, moved in the deposit's transaction).
// Each cheque is in one deposit at most: it is claimed by a conditional UPDATE, so two agents
// depositing the same cheques at once make one bordereau.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cheque_deposits', (t) => {
    t.increments('id').primary();
    t.integer('regie_id').notNullable().references('id').inTable('regies');
    t.integer('number').notNullable();
    t.string('deposited_on', 10).notNullable();
    t.integer('cheque_count').notNullable();
    t.integer('total_cents').notNullable();
    t.integer('created_by').references('id').inTable('staff_users');
    t.string('created_at', 30).notNullable();
    t.unique(['regie_id', 'number']);
  });
  await knex.schema.alterTable('regies', (t) => {
    t.integer('deposit_counter').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('payments', (t) => {
    // A plain integer: SQLite cannot drop a column a foreign key uses (see down).
    t.integer('cheque_deposit_id');
    t.index(['cheque_deposit_id']);
  });
  // The cheques recorded before this version were taken to the bank the old way: a « reprise »
  // bordereau n° 0 per régie holds them, so that « Remise de chèques » starts with only new ones.
  const earlier = await knex('payments')
    .where({ type: 'cheque' })
    .whereNotNull('regie_id')
    .where('amount_cents', '>', 0)
    .groupBy('regie_id')
    .select('regie_id', knex.raw('count(*) as n'), knex.raw('sum(amount_cents) as cents'), knex.raw('max(paid_on) as last_on'));
  for (const group of earlier) {
    const [row] = await knex('cheque_deposits')
      .insert({
        regie_id: group.regie_id,
        number: 0,
        deposited_on: group.last_on,
        cheque_count: Number(group.n),
        total_cents: Number(group.cents),
        created_at: `${group.last_on}T00:00:00.000Z`,
      })
      .returning('id');
    const id = Number(typeof row === 'object' ? row.id : row);
    await knex('payments')
      .where({ type: 'cheque', regie_id: group.regie_id })
      .where('amount_cents', '>', 0)
      .update({ cheque_deposit_id: id });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index payments_cheque_deposit_id_index');
  await knex.raw('alter table payments drop column cheque_deposit_id');
  await knex.raw('alter table regies drop column deposit_counter');
  await knex.schema.dropTable('cheque_deposits');
}
