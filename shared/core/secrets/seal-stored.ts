import type { Knex } from 'knex';
import { SECTIONS } from '../../contracts/record-sections';
import { logger } from '../../logging/logger';
import { currentDataKeyId, DataKeyError, knownDataKeyIds, open, type SealedPurpose, seal, sealedWith } from '../../security/sealed-secrets';

/** The columns kept sealed, with the key their rows are found by and how many rows a batch reads. */
export const SEALED_COLUMNS: ReadonlyArray<{ table: string; column: string; key: string; batch: number; purpose: SealedPurpose }> = [
  { table: 'commune_settings', column: 'smtp_password', key: 'id', batch: 100, purpose: 'commune_settings.smtp_password' },
  { table: 'commune_settings', column: 'sepa_creditor_iban', key: 'id', batch: 100, purpose: 'commune_settings.sepa_creditor_iban' },
  { table: 'family_bank', column: 'iban', key: 'family_id', batch: 500, purpose: 'family_bank.iban' },
  { table: 'sepa_mandates', column: 'iban', key: 'id', batch: 500, purpose: 'sepa_mandates.iban' },
  // A direct-debit file is megabytes for a city: a few at a time.
  { table: 'sepa_batches', column: 'xml_base64', key: 'id', batch: 5, purpose: 'sepa_batches.xml_base64' },
];

/** The fields of a bank change request that are sealed inside its JSON. */
const SEALED_REQUEST_FIELDS = SECTIONS.bank.fields.filter((f) => f.kind === 'iban').map((f) => f.key);
const REQUEST_BATCH = 200;

/**
 * A bank request's values with the IBAN sealed (or opened): what the request table keeps. Other
 * categories hold nothing sealed, and nothing in them is ever opened (a family could paste a
 * sealed value copied from elsewhere into a comment: it stays text).
 */
export function sealedRequestValues<T extends Record<string, unknown>>(
  category: string,
  values: T,
  how: 'seal' | 'open' = 'seal',
  legacy?: 'clear',
): T {
  if (category !== 'bank') return values;
  const result: Record<string, unknown> = { ...values };
  for (const key of SEALED_REQUEST_FIELDS) {
    const value = result[key];
    if (typeof value !== 'string') continue;
    result[key] = how === 'seal' ? seal(value, 'requests.bank.iban') : open(value, 'requests.bank.iban', legacy);
  }
  return result as T;
}

/**
 * At start, after the migrations: refuses a database whose values were sealed with a key this
 * process does not hold (the wrong DATA_KEY would read every IBAN as an error), then seals what is
 * still in clear (a database from before sealing) or sealed with a previous key. Each batch is one
 * transaction, and each row is written only if it still holds what was read: a start stopped
 * half-way leaves values sealed with one key or the other (both read), and a row another process
 * changed meanwhile keeps its new value.
 */
export async function sealStoredSecrets(db: Knex): Promise<number> {
  await refuseUnknownKeys(db);
  const current = currentDataKeyId();
  let sealed = 0;
  for (const { table, column, key, batch, purpose } of SEALED_COLUMNS) {
    let after: string | number | null = null;
    for (;;) {
      const query = db(table).whereNot(column, '').whereNot(column, 'like', `pf1.${current}.%`).orderBy(key).limit(batch);
      if (after !== null) query.where(key, '>', after);
      const rows = await query.select(key, column);
      if (rows.length === 0) break;
      await db.transaction(async (trx) => {
        for (const row of rows) {
          const written = await trx(table)
            .where(key, row[key])
            .where(column, row[column])
            .update({ [column]: seal(open(row[column], purpose, 'clear'), purpose) });
          sealed += written;
        }
      });
      after = rows[rows.length - 1][key];
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

/** A request's JSON as an object, or null when it cannot be read (a row written by hand): left as it is. */
function parsedObject(json: unknown): Record<string, unknown> | null {
  try {
    const value = JSON.parse(String(json ?? '{}'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

const staleIn = (values: Record<string, unknown>, current: string) =>
  SEALED_REQUEST_FIELDS.some((k) => typeof values[k] === 'string' && values[k] !== '' && sealedWith(values[k] as string) !== current);

/** Bank change requests keep the IBAN asked for and the one it replaces: both sealed like the record's. */
async function sealBankRequests(db: Knex, current: string): Promise<number> {
  // Only the rows with an IBAN not sealed with the current key come back (JSON.stringify writes no spaces).
  const needsWork = (q: Knex.QueryBuilder, column: string) =>
    q.where(column, 'like', '%"iban":"%').whereNot(column, 'like', '%"iban":""%').whereNot(column, 'like', `%"iban":"pf1.${current}.%`);
  let sealed = 0;
  let after = 0;
  for (;;) {
    const rows = await db('requests')
      .where({ category: 'bank' })
      .where('id', '>', after)
      .where((q) => q.where((w) => needsWork(w, 'proposed_json')).orWhere((w) => needsWork(w, 'previous_json')))
      .orderBy('id')
      .limit(REQUEST_BATCH)
      .select('id', 'proposed_json', 'previous_json');
    if (rows.length === 0) break;
    await db.transaction(async (trx) => {
      for (const row of rows) {
        const changes: Record<string, string> = {};
        for (const column of ['proposed_json', 'previous_json'] as const) {
          const values = parsedObject(row[column]);
          if (values === null) {
            logger.warn({ requestId: row.id, column }, 'Demande illisible : laissée telle quelle.');
            continue;
          }
          if (staleIn(values, current))
            changes[column] = JSON.stringify(sealedRequestValues('bank', sealedRequestValues('bank', values, 'open', 'clear')));
        }
        if (Object.keys(changes).length === 0) continue;
        sealed += await trx('requests')
          .where({ id: row.id, proposed_json: row.proposed_json, previous_json: row.previous_json })
          .update(changes);
      }
    });
    after = Number(rows[rows.length - 1].id);
  }
  return sealed;
}
