import type { Knex } from 'knex';
import { SECTIONS } from '../../contracts/record-sections';
import { refreshFamilySearchText } from '../families/service';

/** The name an anonymised adult or child keeps: the rows stay, invoices and the statistics count them. */
export const ANONYMOUS = 'ANONYME';

/** The Journal's entries that are the régie's accounting trail: their details (amounts, numbers) stay. */
const ACCOUNTING_ACTIONS = ['invoices.%', 'payments.%', 'payfip.%', 'sepa.%', 'titres.%', 'cheques.%', 'reminders.%'];

/** What an adult keeps: a name placeholder, the town (the statistics of residents), nothing else. */
const KEPT_ADULT_COLUMNS = new Set(['last_name', 'postal_code', 'city']);

function blankAdult(): Record<string, unknown> {
  const columns: Record<string, unknown> = { last_name: ANONYMOUS, first_name: '', birth_date: null };
  for (const field of SECTIONS.responsable.fields) {
    if (KEPT_ADULT_COLUMNS.has(field.column)) continue;
    columns[field.column] = field.kind === 'boolean' ? false : '';
  }
  return columns;
}

/**
 * Empties one family's records, in the caller's transaction. Kept, as the law keeps accounting
 * documents: the family's number, its invoices and their lines (which name the child, as issued),
 * payments, reminders, titres and direct debits (the mandate without its account), the days billed,
 * the Journal's accounting entries; the children's sex and month of birth and the adults' town,
 * which the statistics count. With the family's number, the accounting documents still name it:
 * this is pseudonymisation of what the law lets the commune keep, not anonymity. Gone: names, addresses, telephones,
 * e-mails, fiscal, CAF and bank details, health data, vaccinations, persons allowed, certificates,
 * messages, what requests asked, the portal account and its traces, calendar feeds; the Journal's
 * entries about the family keep who did what and when, not the values.
 */
export async function anonymiseFamily(trx: Knex.Transaction, familyId: number, at: string): Promise<void> {
  const childIds = (await trx('children').where({ family_id: familyId }).pluck('id')).map(Number);
  const accounts = await trx('portal_accounts').where({ family_id: familyId }).select('id', 'login');
  const logins = accounts.map((a) => String(a.login));
  const emails = (await trx('family_adults').where({ family_id: familyId }).pluck('email')).filter(Boolean).map(String);

  await trx('family_adults')
    .where({ family_id: familyId })
    .update({ ...blankAdult(), updated_at: at });
  for (const table of ['family_fiscal', 'family_caf', 'family_bank']) await trx(table).where({ family_id: familyId }).delete();
  await trx('sepa_mandates').where({ family_id: familyId }).update({ holder: ANONYMOUS, iban: '', bic: '' });
  await trx('sepa_mandates').where({ family_id: familyId, status: 'active' }).update({ status: 'revoked' });
  // The payer's e-mail PayFiP was given: the payment's references and amount are what the accounts keep.
  await trx('payfip_transactions').where({ family_id: familyId }).update({ mel: '' });

  const children = await trx('children').where({ family_id: familyId }).select('id', 'birth_date');
  for (const child of children) {
    await trx('children')
      .where({ id: child.id })
      .update({
        last_name: ANONYMOUS,
        first_name: '',
        // The month of birth is kept: the statistics by age stay as they were counted.
        birth_date: `${String(child.birth_date).slice(0, 7)}-01`,
        school: '',
        grade: '',
        archived_at: at,
        updated_at: at,
        version: trx.raw('version + 1'),
      });
  }
  if (childIds.length > 0) {
    for (const table of ['child_information', 'child_health', 'child_vaccinations', 'authorized_persons', 'waiting_list']) {
      await trx(table).whereIn('child_id', childIds).delete();
    }
    // An absence's reason may be a health datum; the day itself, billed or not, stays.
    await trx('planning_days').whereIn('child_id', childIds).whereNotNull('absence_reason').update({ absence_reason: null });
    await trx('closure_cancelled_days')
      .whereIn('planning_day_id', trx('planning_days').whereIn('child_id', childIds).select('id'))
      .update({ previous_absence_reason: null });
    if (logins.length > 0)
      await trx('planning_days').whereIn('child_id', childIds).whereIn('updated_by', logins).update({ updated_by: 'famille' });
  }
  await trx('absence_certificates').where({ family_id: familyId }).delete();
  await trx('message_attachments')
    .whereIn('message_id', trx('messages').where({ family_id: familyId }).select('id'))
    .delete();
  await trx('messages').where({ family_id: familyId }).update({ parent_id: null });
  await trx('messages').where({ family_id: familyId }).delete();
  await trx('requests')
    .where({ family_id: familyId })
    .update({ proposed_json: '{}', previous_json: '{}', family_comment: '', refusal_reason: null });
  for (const table of ['calendar_feeds', 'booking_reminder_families']) await trx(table).where({ family_id: familyId }).delete();
  if (logins.length > 0) {
    await trx('login_attempts').where({ door: 'portal' }).whereIn('login', logins).delete();
    await trx('portal_login_lockouts').whereIn('login', logins).delete();
  }
  await trx('portal_accounts').where({ family_id: familyId }).delete();
  // The e-mails sent to its addresses, unless another household uses the same address.
  if (emails.length > 0) {
    await trx('email_outbox')
      .whereIn('to_address', emails)
      .whereNotIn('to_address', trx('family_adults').whereNot({ family_id: familyId }).select('email'))
      .delete();
  }

  await trx('audit_log')
    .where({ family_id: familyId })
    .where((w) => {
      for (const action of ACCOUNTING_ACTIONS) w.andWhereNot('action', 'like', action);
    })
    .update({ details_json: '{}' });
  // Where the family connected from (its address on the internet) goes with the rest.
  await trx('audit_log').where({ family_id: familyId, actor_type: 'family' }).update({ source: '' });
  if (accounts.length > 0) {
    await trx('audit_log')
      .where({ actor_type: 'family' })
      .whereIn(
        'actor_id',
        accounts.map((a) => Number(a.id)),
      )
      .update({ actor_label: 'famille anonymisée' });
  }
  await trx('families')
    .where({ id: familyId })
    // Archived too: every page and operation that edits a family, books or writes to it refuses an archived one.
    .update({ situation: '', notes: '', anonymised_at: at, archived_at: at, updated_at: at, version: trx.raw('version + 1') });
  await refreshFamilySearchText(trx, familyId);
}
