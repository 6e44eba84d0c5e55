import type { Knex } from 'knex';
import type { DbRow } from '../../../db/db-row';
import { addDays, formatShortFrenchDate } from '../../../domain/french-dates';
import { maskedIban } from './mandates';

/** The family is told the amount and date at least 14 days before the debit (SEPA Core). */
export const PRE_NOTIFICATION_DAYS = 14;

/**
 * The day an invoice of a family on prélèvement is debited: its due date, or 14 days after it
 * was issued when the due date comes sooner, so that the invoice itself is the pre-notification.
 * The month's batch takes exactly the invoices whose planned day has come (see prepareSepaBatch).
 */
export function plannedCollectionDate(issuedOn: string, dueOn: string): string {
  const earliest = addDays(issuedOn, PRE_NOTIFICATION_DAYS);
  return dueOn > earliest ? dueOn : earliest;
}

export interface DebitNotice {
  collectionDate: string;
  ibanMasked: string;
  rum: string;
  /** True once the debit is in a batch sent to the bank; false while only planned. */
  inBatch: boolean;
}

/** « prélevé le 31/12/2026 sur le compte FR76 …1234 », as the portal, the PDF and the e-mail say it. */
export function debitSentence(notice: DebitNotice): string {
  return `Montant prélevé le ${formatShortFrenchDate(notice.collectionDate)} sur le compte ${notice.ibanMasked}`;
}

/**
 * For each given invoice debited or to be debited, when and from which account: the debit of a
 * batch (not rejected), else — for an issued invoice of a family with an active mandate, not
 * titred, not yet settled and never debited (a rejected debit is paid by the family) — the planned day. Three queries whatever the number of invoices.
 */
export async function debitNotices(db: Knex, invoiceIds: number[]): Promise<Map<number, DebitNotice>> {
  const notices = new Map<number, DebitNotice>();
  for (let i = 0; i < invoiceIds.length; i += 500) {
    const part = invoiceIds.slice(i, i + 500);
    const debits: DbRow[] = await db('sepa_debits as d')
      .join('sepa_batches as b', 'b.id', 'd.batch_id')
      .join('sepa_mandates as m', 'm.id', 'd.mandate_id')
      .whereIn('d.invoice_id', part)
      .whereNot('d.status', 'rejected')
      .select('d.invoice_id', 'b.collection_date', 'm.iban', 'm.rum');
    for (const d of debits)
      notices.set(Number(d.invoice_id), {
        collectionDate: d.collection_date,
        ibanMasked: maskedIban(d.iban),
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
      .whereNotExists(db('sepa_debits as d').whereRaw('d.invoice_id = i.id').select(db.raw('1')))
      .select('i.id', 'i.issued_on', 'i.due_on', 'm.iban', 'm.rum');
    for (const p of planned) {
      if (notices.has(Number(p.id))) continue;
      notices.set(Number(p.id), {
        collectionDate: plannedCollectionDate(p.issued_on, p.due_on),
        ibanMasked: maskedIban(p.iban),
        rum: p.rum,
        inBatch: false,
      });
    }
  }
  return notices;
}
