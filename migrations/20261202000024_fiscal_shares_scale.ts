import type { Knex } from 'knex';

// Issue 17: « Nombre de parts » is now typed « 2,5 » (kept ×100 in the record, as before). The
// requests written when the form asked for hundredths hold « 250 »: read with the new scale they
// would be applied as 250 parts. Their values are brought to parts (÷100), and back on the way down.
async function rescale(knex: Knex, factor: number): Promise<void> {
  const rows = await knex('requests').where({ category: 'fiscal' }).select('id', 'proposed_json', 'previous_json');
  for (const row of rows) {
    const update: Record<string, string> = {};
    for (const column of ['proposed_json', 'previous_json'] as const) {
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(String(row[column] ?? '{}')) ?? {};
      } catch {
        continue; // a request that cannot be read is left as it is
      }
      if (typeof value.taxShares !== 'number') continue;
      value.taxShares = Math.round(value.taxShares * factor * 100) / 100;
      update[column] = JSON.stringify(value);
    }
    if (Object.keys(update).length) await knex('requests').where({ id: row.id }).update(update);
  }
}

export async function up(knex: Knex): Promise<void> {
  await rescale(knex, 1 / 100);
}

export async function down(knex: Knex): Promise<void> {
  await rescale(knex, 100);
}
