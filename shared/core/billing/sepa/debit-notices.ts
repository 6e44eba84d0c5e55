import type { Knex } from 'knex';
import type { DbRow } from '../../../db/db-row';
import { addDays, formatShortFrenchDate } from '../../../domain/french-dates';
import { maskedMandateIban } from './mandates';

/** The family is told the amount and date at least 14 days before the debit (SEPA Core). */
export const PRE_NOTIFICATION_DAYS = 14;

/**
 * The day an invoice of a family on prélèvement is debited: its due date, or 14 days after it
 * was issued when the due date comes sooner, so that the invoice itself is the pre-notification.
 * The month's batch takes exactly the invoices whose planned day has come (see prepareSepaBatch).
 */
export function plannedCollectionDate(issuedOn: string, dueOn: string): string {
  return laterDay(dueOn, addDays(issuedOn, PRE_NOTIFICATION_DAYS));
}

/** The later of two ISO days (they compare as strings). */
export function laterDay(a: string, b: string): string {
  return [a, b].sort()[1]!;
}

/**
 * The debits of invoice `i` ever presented to the bank (all but withdrawn ones), for NOT EXISTS:
 * an invoice with none is still to be presented by the month's batch.
 */
export function presentedDebits(db: Knex): Knex.QueryBuilder {
  return db('sepa_debits as presented')
    .whereRaw('presented.invoice_id = i.id')
    .whereNot('presented.status', 'withdrawn')
    .select(db.raw('1'));
}

export interface DebitNotice {
  /** Null when the planned day has passed with no batch yet: « au prochain prélèvement ». */
  collectionDate: string | null;
  ibanMasked: string;
  rum: string;
  /** True once the debit is in a batch sent to the bank; false while only planned. */
  inBatch: boolean;
}

/** « prélevé le 31/12/2026 sur le compte FR76 …1234 », as the portal, the PDF and the e-mail say it. */
export function debitSentence(notice: DebitNotice): string {
  const when = notice.collectionDate ? `le ${formatShortFrenchDate(notice.collectionDate)}` : 'au prochain prélèvement';
  return `Montant prélevé ${when} sur le compte ${notice.ibanMasked}`;
}

/**
 * For each given invoice debited or to be debited, when and from which account: the debit of a
 * batch (pending or collected) of an invoice still issued, else — for an issued invoice of a
 * family with an active mandate signed by its date, not titred, not yet settled and never debited
 * (a rejected debit is paid by the family; a withdrawn one is presented again) — the planned day,
 * counted from the day the family was told (the invoice's date, or the run's when it was backdated).
 * Given today, a planned day already past says « au prochain prélèvement ». Three queries per 500.
 */
export async function debitNotices(db: Knex, invoiceIds: number[], todayIso?: string): Promise<Map<number, DebitNotice>> {
  const notices = new Map<number, DebitNotice>();
  for (let i = 0; i < invoiceIds.length; i += 500) {
    const part = invoiceIds.slice(i, i + 500);
    const debits: DbRow[] = await db('sepa_debits as d')
      .join('sepa_batches as b', 'b.id', 'd.batch_id')
      .join('sepa_mandates as m', 'm.id', 'd.mandate_id')
      .join('invoices as di', 'di.id', 'd.invoice_id')
      .whereIn('d.invoice_id', part)
      .whereIn('d.status', ['pending', 'collected'])
      .where('di.status', 'issued')
      .select('d.invoice_id', 'b.collection_date', 'm.iban', 'm.rum');
    for (const d of debits)
      notices.set(Number(d.invoice_id), {
        collectionDate: d.collection_date,
        ibanMasked: maskedMandateIban(d.iban),
        rum: d.rum,
        inBatch: true,
      });
    const paid = db('payment_allocations')
      .whereIn('invoice_id', part)
      .groupBy('invoice_id')
      .select('invoice_id', db.raw('sum(amount_cents) as paid_cents'));
    const planned: DbRow[] = await db('invoices as i')
      .join('sepa_mandates as m', (j) => j.on('m.family_id', 'i.family_id').andOn('m.status', db.raw('?', ['active'])))
      .leftJoin(paid.as('p'), 'p.invoice_id', 'i.id')
      .whereIn('i.id', part)
      .where({ 'i.kind': 'invoice', 'i.status': 'issued' })
      .whereRaw('i.total_cents > coalesce(p.paid_cents, 0)')
      .whereNotExists(db('titre_pieces as tp').whereRaw('tp.invoice_id = i.id').select(db.raw('1')))
      .whereNotExists(presentedDebits(db))
      .whereRaw('i.issued_on >= m.signed_on')
      .select('i.id', 'i.issued_on', 'i.due_on', 'i.created_at', 'm.iban', 'm.rum');
    for (const p of planned) {
      if (notices.has(Number(p.id))) continue;
      const toldOn = laterDay(p.issued_on, p.created_at.slice(0, 10));
      const planned = plannedCollectionDate(toldOn, p.due_on);
      notices.set(Number(p.id), {
        collectionDate: todayIso && planned < todayIso ? null : planned,
        ibanMasked: maskedMandateIban(p.iban),
        rum: p.rum,
        inBatch: false,
      });
    }
  }
  return notices;
}
