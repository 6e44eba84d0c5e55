import type { z } from '../../contracts/zod-fr';
import type { cashJournalInput } from '../../contracts/billing';
import { formatShortFrenchDate } from '../../domain/french-dates';
import { formatEuros } from '../../domain/money';
import type { DbRow } from '../../db/db-row';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import { pdfFileName } from '../pdf/pdf-maker';
import { renderPdf } from '../pdf/pdf-workers';
import { responsableOf } from '../families/responsable-join';
import { receiptLabel } from './payment-receipt';

export interface CashJournalLine {
  paidOn: string;
  receipt: string;
  family: string;
  label: string;
  amountCents: number;
}

/**
 * « Journal de caisse »: a régie's cash over a period, in receipt order — each payment in
 * espèces and each cancellation of one (negative) — so that its total is exactly the
 * « Espèces » total of « Règlements » for the same régie and period.
 */
export async function cashJournal(ctx: StaffCtx, input: z.output<typeof cashJournalInput>) {
  const regie = await ctx.db('regies').where({ id: input.regieId }).first('id', 'name', 'invoice_prefix');
  if (!regie) throw new OperationError('not_found', 'Cette régie n’existe pas.');
  const rows: DbRow[] = await ctx
    .db('payments as p')
    .join('families as f', 'f.id', 'p.family_id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .where({ 'p.regie_id': regie.id, 'p.type': 'especes' })
    .whereNot('p.status', 'rejected')
    .whereBetween('p.paid_on', [input.from, input.to])
    .orderBy([{ column: 'p.paid_on' }, { column: 'p.id' }])
    .select(
      'p.paid_on',
      'p.receipt_number',
      'p.reference',
      'p.amount_cents',
      'p.cancel_reason',
      'f.family_number',
      'a.last_name',
      'a.first_name',
    );
  const lines: CashJournalLine[] = rows.map((r) => ({
    paidOn: r.paid_on,
    receipt: r.receipt_number ? receiptLabel(regie.invoice_prefix, Number(r.receipt_number)) : '',
    family: `${[r.last_name, r.first_name].filter(Boolean).join(' ')} (${r.family_number})`,
    label: r.cancel_reason ? `${r.reference} — ${r.cancel_reason}` : r.reference,
    amountCents: Number(r.amount_cents),
  }));
  return { regie: regie.name, from: input.from, to: input.to, lines, totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0) };
}

/** The journal printed, to sign and keep with the cash. */
export async function cashJournalPdf(
  ctx: StaffCtx,
  input: z.output<typeof cashJournalInput>,
): Promise<{ fileName: string; base64: string }> {
  const journal = await cashJournal(ctx, input);
  const commune = await ctx.db('commune_settings').where({ id: 1 }).first('name');
  const title = `Journal de caisse — ${journal.regie}`;
  const pdf = await renderPdf({
    info: { title, author: commune?.name ?? '' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    content: [
      { text: commune?.name ?? '', style: 'commune' },
      { text: title, style: 'title' },
      { text: `Du ${formatShortFrenchDate(journal.from)} au ${formatShortFrenchDate(journal.to)} — espèces`, margin: [0, 0, 0, 10] },
      journal.lines.length
        ? {
            table: {
              headerRows: 1,
              widths: ['auto', 'auto', '*', '*', 'auto'],
              body: [
                ['Date', 'Reçu', 'Famille', 'Libellé', 'Montant'].map((text, i) => ({
                  text,
                  bold: true,
                  alignment: i === 4 ? 'right' : 'left',
                })),
                ...journal.lines.map((l) => [
                  formatShortFrenchDate(l.paidOn),
                  l.receipt,
                  l.family,
                  l.label,
                  { text: formatEuros(l.amountCents), alignment: 'right' },
                ]),
              ],
            },
          }
        : { text: 'Aucun encaissement en espèces sur cette période.' },
      { text: `Nombre d’opérations : ${journal.lines.length}`, margin: [0, 10, 0, 0], bold: true },
      { text: `Total des espèces : ${formatEuros(journal.totalCents)}`, bold: true },
      { text: 'Visa du régisseur :', margin: [0, 30, 0, 0] },
    ],
    styles: { commune: { fontSize: 13, bold: true }, title: { fontSize: 14, bold: true, margin: [0, 6, 0, 2] } },
    pageFooter: title,
  });
  return { fileName: pdfFileName('journal-de-caisse', journal.regie, input.from, input.to), base64: pdf.toString('base64') };
}
