import type { Knex } from 'knex';
import { SECTIONS } from '../../contracts/record-sections';
import { currentDataKeyId, DataKeyError, knownDataKeyIds, open, seal, sealedWith } from '../../security/sealed-secrets';

/** The columns kept sealed, with the key their rows are found by. */
export const SEALED_COLUMNS = [
  { table: 'commune_settings', column: 'smtp_password', key: 'id' },
  { table: 'commune_settings', column: 'sepa_creditor_iban', key: 'id' },
  { table: 'family_bank', column: 'iban', key: 'family_id' },
  { table: 'sepa_mandates', column: 'iban', key: 'id' },
  { table: 'sepa_batches', column: 'xml_base64', key: 'id' },
] as const;

/** The fields of a bank change request that are sealed inside its JSON. */
const SEALED_REQUEST_FIELDS = SECTIONS.bank.fields.filter((f) => f.kind === 'iban').map((f) => f.key);

const BATCH = 500;

/** A bank request's values with the IBAN sealed (or opened): what the request table keeps. */
export function sealedRequestValues(category: string, values: Record<string, unknown>, how: 'seal' | 'open' = 'seal') {
  if (category !== 'bank') return values;
  const result = { ...values };
  for (const key of SEALED_REQUEST_FIELDS) {
    if (typeof result[key] === 'string') result[key] = how === 'seal' ? seal(result[key] as string) : open(result[key] as string);
  }
  return result;
}

/**
 * At start, after the migrations: refuses a database whose values were sealed with a key this
 * process does not hold (the wrong DATA_KEY would read every IBAN as an error), then seals what is
 * still in clear (a database from before sealing) or sealed with a previous key. Each batch in its
 * own transaction: a start stopped half-way leaves values sealed with one key or the other, both read.
 */
export async function sealStoredSecrets(db: Knex): Promise<number> {
  await refuseUnknownKeys(db);
  const current = currentDataKeyId();
  let sealed = 0;
  for (const { table, column, key } of SEALED_COLUMNS) {
    for (;;) {
      const rows = await db(table)
        .whereNot(column, '')
        .whereNot(column, 'like', `pf1.${current}.%`)
        .orderBy(key)
        .limit(BATCH)
        .select(key, column);
      if (rows.length === 0) break;
      await db.transaction(async (trx) => {
        for (const row of rows)
          await trx(table)
            .where(key, row[key])
            .update({ [column]: seal(open(row[column])) });
      });
      sealed += rows.length;
    }
  }
  return sealed + (await sealBankRequests(db, current));
}

async function refuseUnknownKeys(db: Knex): Promise<void> {
  const known = knownDataKeyIds();
  for (const { table, column } of SEALED_COLUMNS) {
    const query = db(table).where(column, 'like', 'pf1.%');
    for (const id of known) query.whereNot(column, 'like', `pf1.${id}.%`);
    const stranger = await query.first(column);
    if (stranger) {
      throw new DataKeyError(
        `La base contient des données chiffrées avec une autre clé (${sealedWith(String(stranger[column]))}) que DATA_KEY (${known[0]}) : démarrez avec la clé d’origine (DATA_KEY, ou DATA_KEY_PREVIOUS pendant un changement de clé).`,
      );
    }
  }
}

/** Bank change requests keep the IBAN asked for and the one it replaces: both sealed like the record's. */
async function sealBankRequests(db: Knex, current: string): Promise<number> {
  const rows = await db('requests').where({ category: 'bank' }).select('id', 'proposed_json', 'previous_json');
  let sealed = 0;
  await db.transaction(async (trx) => {
    for (const row of rows) {
      const changes: Record<string, string> = {};
      for (const column of ['proposed_json', 'previous_json'] as const) {
        const values = JSON.parse(String(row[column] ?? '{}')) as Record<string, unknown>;
        const stale = SEALED_REQUEST_FIELDS.some(
          (k) => typeof values[k] === 'string' && values[k] !== '' && sealedWith(values[k] as string) !== current,
        );
        if (stale) changes[column] = JSON.stringify(sealedRequestValues('bank', sealedRequestValues('bank', values, 'open')));
      }
      if (Object.keys(changes).length === 0) continue;
      await trx('requests').where({ id: row.id }).update(changes);
      sealed += 1;
    }
  });
  return sealed;
}
