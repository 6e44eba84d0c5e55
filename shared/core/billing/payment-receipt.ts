import type { Knex } from 'knex';
import { formatLongFrenchDate, formatShortFrenchDate } from '../../domain/french-dates';
import { paymentTypeLabel } from '../../domain/labels';
import { formatEuros } from '../../domain/money';
import { pdfFileName } from '../pdf/pdf-maker';
import { renderPdf } from '../pdf/pdf-workers';
import { responsableOf } from '../families/responsable-join';

/** « R-GP-000012 »: a cash receipt's number, per régie (its invoice prefix). */
export function receiptLabel(prefix: string, receiptNumber: number): string {
  return `R-${prefix}-${String(receiptNumber).padStart(6, '0')}`;
}

/**
 * A payment's receipt as a PDF: for cash, the numbered receipt the régisseur hands over; for
 * any payment, what a family downloads from its statement. Only the family's own when
 * `familyId` is given; null when there is no such payment (or it is another family's).
 */
export async function paymentReceiptPdf(
  db: Knex,
  paymentId: number,
  options: { familyId?: number; copy?: boolean } = {},
): Promise<{ fileName: string; pdf: Buffer } | null> {
  const familyId = options.familyId;
  const query = db('payments as p')
    .join('families as f', 'f.id', 'p.family_id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .leftJoin('regies as r', 'r.id', 'p.regie_id')
    .leftJoin('staff_users as s', 's.id', 'p.recorded_by')
    .leftJoin('payments as c', 'c.cancels_payment_id', 'p.id')
    .where('p.id', paymentId)
    .whereNot('p.status', 'rejected');
  if (familyId !== undefined) query.where('p.family_id', familyId);
  const row = await query.first(
    'p.id',
    'p.type',
    'p.ormc_number',
    'p.reference',
    'p.paid_on',
    'p.amount_cents',
    'p.receipt_number',
    'p.cancels_payment_id',
    'f.family_number',
    'a.last_name',
    'a.first_name',
    'a.address',
    'a.postal_code',
    'a.city',
    'r.name as regie',
    'r.invoice_prefix',
    's.display_name as agent',
    'p.status',
    'c.paid_on as cancelled_on',
    'c.cancel_reason as cancelled_because',
  );
  if (!row) return null;
  const commune = await db('commune_settings').where({ id: 1 }).first('name', 'address', 'postal_code', 'city', 'phone', 'email');
  const settled = await db('payment_allocations as pa')
    .join('invoices as i', 'i.id', 'pa.invoice_id')
    .where('pa.payment_id', paymentId)
    .orderBy('pa.id')
    .select('i.number', 'pa.amount_cents');
  const number = row.receipt_number ? receiptLabel(row.invoice_prefix, Number(row.receipt_number)) : null;
  const amount = Number(row.amount_cents);
  const allocated = settled.reduce((sum, s) => sum + Number(s.amount_cents), 0);
  const title = number ? `Reçu n° ${number}` : row.cancels_payment_id ? 'Annulation de règlement' : 'Reçu de règlement';
  const payer = [row.last_name, row.first_name].filter(Boolean).join(' ');
  const pdf = await renderPdf({
    info: { title, author: commune?.name ?? '' },
    pageSize: 'A5',
    pageMargins: [36, 36, 36, 44],
    content: [
      { text: commune?.name ?? '', style: 'commune' },
      commune?.address ? { text: `${commune.address}\n${commune.postal_code} ${commune.city}` } : '',
      { text: [commune?.phone, commune?.email].filter(Boolean).join(' — '), margin: [0, 0, 0, 12] },
      { text: title, style: 'title' },
      // A receipt printed again says so; one whose payment no longer stands says why, in red.
      options.copy ? { text: 'DUPLICATA', bold: true } : '',
      row.cancelled_on
        ? {
            text: `ANNULÉ le ${formatShortFrenchDate(row.cancelled_on)} — ${row.cancelled_because ?? ''}`,
            bold: true,
            color: '#a30000',
            margin: [0, 4, 0, 4],
          }
        : '',
      row.status === 'to_confirm'
        ? {
            text: 'Paiement en ligne à confirmer par la trésorerie : ce reçu ne vaut pas quittance définitive.',
            bold: true,
            margin: [0, 4, 0, 4],
          }
        : '',
      row.regie ? { text: `Régie : ${row.regie}` } : '',
      { text: `Date : ${formatLongFrenchDate(row.paid_on)}`, margin: [0, 0, 0, 8] },
      { text: `Reçu de : ${payer} — famille n° ${row.family_number}` },
      row.address ? { text: `${row.address}\n${row.postal_code ?? ''} ${row.city ?? ''}` } : '',
      {
        text: `La somme de ${formatEuros(Math.abs(amount))}${amount < 0 ? ' (annulée)' : ''}, par ${paymentTypeLabel(row.type, row.ormc_number).toLowerCase()}${row.reference ? ` (${row.reference})` : ''}.`,
        margin: [0, 8, 0, 8],
        bold: true,
      },
      settled.length
        ? {
            table: {
              headerRows: 1,
              widths: ['*', 'auto'],
              body: [
                [
                  { text: 'Facture', bold: true },
                  { text: 'Montant', bold: true, alignment: 'right' },
                ],
                ...settled.map((s) => [s.number, { text: formatEuros(Number(s.amount_cents)), alignment: 'right' }]),
              ],
            },
          }
        : { text: 'Aucune facture réglée : la somme est au crédit du compte de la famille.' },
      amount > allocated && settled.length
        ? { text: `Au crédit du compte : ${formatEuros(amount - allocated)}`, margin: [0, 4, 0, 0] }
        : '',
      row.agent ? { text: `Encaissé par : ${row.agent}`, margin: [0, 12, 0, 0] } : '',
    ],
    styles: {
      commune: { fontSize: 13, bold: true },
      title: { fontSize: 14, bold: true, margin: [0, 0, 0, 4] },
    },
    pageFooter: commune?.name ?? '',
  });
  return { fileName: pdfFileName('recu', number ?? `reglement-${row.id}`), pdf };
}
