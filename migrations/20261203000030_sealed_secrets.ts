import type { Knex } from 'knex';
import { open, type SealedPurpose } from '../shared/security/sealed-secrets';

// Issue 18: the SMTP password and the bank accounts are kept sealed with the data key (the start
// seals what is still in clear: a migration has no key). A sealed value is longer than the clear
// one, so PostgreSQL's columns widen (SQLite does not enforce a length). The journal kept the
// IBANs of record changes in clear: they are masked here, as the journal writes them from now on.

const WIDENED = [
  { table: 'family_bank', column: 'iban', key: 'family_id', was: 34 },
  { table: 'sepa_mandates', column: 'iban', key: 'id', was: 34 },
  { table: 'commune_settings', column: 'sepa_creditor_iban', key: 'id', was: 34 },
  { table: 'commune_settings', column: 'smtp_password', key: 'id', was: 200 },
];

/** Every column kept sealed: what going down opens again. */
const SEALED = [...WIDENED, { table: 'sepa_batches', column: 'xml_base64', key: 'id' }];

const IBAN_KEY = /iban/i;

/** « FR76 3000 6000 0112 3456 7890 189 » → « FR76 •••• •••• •••• •••• ••••  189 », as the record's masking does. */
function masked(iban: string): string {
  const compact = iban.replace(/\s/g, '');
  return (compact.slice(0, 4) + '•'.repeat(Math.max(0, compact.length - 7)) + compact.slice(-3)).replace(/(.{4})/g, '$1 ').trim();
}

function maskedDetails(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskedDetails(v, key));
  if (IBAN_KEY.test(key) && typeof value === 'string') return value.includes('•') ? value : masked(value);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskedDetails(v, k)]));
  return value;
}

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const { table, column } of WIDENED) await knex.raw('alter table ?? alter column ?? type varchar(2000)', [table, column]);
  }
  let after = 0;
  for (;;) {
    const rows = await knex('audit_log')
      .where('id', '>', after)
      .whereRaw('lower(details_json) like ?', ['%iban%'])
      .orderBy('id')
      .limit(500)
      .select('id', 'details_json');
    if (rows.length === 0) break;
    for (const row of rows) {
      const details = JSON.parse(String(row.details_json));
      const kept = JSON.stringify(maskedDetails(details));
      if (kept !== row.details_json) await knex('audit_log').where({ id: row.id }).update({ details_json: kept });
    }
    after = Number(rows[rows.length - 1].id);
  }
}

// Back to how the older version kept them: every sealed value opened again (with the data key the
// process holds: `npm run migrate -- down` reads it like a start), then the old widths.
export async function down(knex: Knex): Promise<void> {
  for (const { table, column, key } of SEALED) {
    const rows = await knex(table).where(column, 'like', 'pf1.%').select(key, column);
    for (const row of rows)
      await knex(table)
        .where(key, row[key])
        .update({ [column]: open(row[column], `${table}.${column}` as SealedPurpose) });
  }
  const requests = await knex('requests')
    .where({ category: 'bank' })
    .where((q) => q.where('proposed_json', 'like', '%pf1.%').orWhere('previous_json', 'like', '%pf1.%'))
    .select('id', 'proposed_json', 'previous_json');
  for (const row of requests) {
    await knex('requests')
      .where({ id: row.id })
      .update({ proposed_json: openedIban(row.proposed_json), previous_json: openedIban(row.previous_json) });
  }
  if (knex.client.config.client === 'pg') {
    for (const { table, column, was } of WIDENED) await knex.raw(`alter table ?? alter column ?? type varchar(${was})`, [table, column]);
  }
}

/** A bank request's JSON with its IBAN in clear again, as the older version kept it. */
function openedIban(json: string): string {
  const values = JSON.parse(json) as Record<string, unknown>;
  if (typeof values.iban === 'string') values.iban = open(values.iban, 'requests.bank.iban');
  return JSON.stringify(values);
}
