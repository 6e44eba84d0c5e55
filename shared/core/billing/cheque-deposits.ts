import type { Knex } from 'knex';
import type { z } from '../../contracts/zod-fr';
import type { ChequeDepositView, chequeDepositInput, PendingCheque, pendingChequesInput } from '../../contracts/billing';
import { formatLongFrenchDate, formatShortFrenchDate } from '../../domain/french-dates';
import { formatEuros } from '../../domain/money';
import { audit } from '../audit/audit-log';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import { pdfFileName } from '../pdf/pdf-maker';
import { renderPdf } from '../pdf/pdf-workers';
import { responsableOf } from '../families/responsable-join';
import type { DbRow } from '../../db/db-row';

/** « BRC-GP-000003 »: a bordereau's number, per régie (its invoice prefix). */
export function depositLabel(prefix: string, number: number): string {
  return `BRC-${prefix}-${String(number).padStart(6, '0')}`;
}

/** The régie's cheques still to take to the bank: recorded, not cancelled, in no bordereau yet. */
function stillToDeposit(query: Knex.QueryBuilder, db: Knex, regieId: number): Knex.QueryBuilder {
  return query
    .where({ regie_id: regieId, type: 'cheque', status: 'confirmed' })
    .whereNull('cheque_deposit_id')
    .where('amount_cents', '>', 0)
    .whereNotExists(db('payments as cancellation').whereRaw('cancellation.cancels_payment_id = payments.id').select(db.raw('1')));
}

export async function pendingCheques(ctx: StaffCtx, input: z.output<typeof pendingChequesInput>): Promise<PendingCheque[]> {
  const rows: DbRow[] = await stillToDeposit(ctx.db('payments'), ctx.db, input.regieId)
    .join('families as f', 'f.id', 'payments.family_id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .orderBy([{ column: 'payments.paid_on' }, { column: 'payments.id' }])
    .select(
      'payments.id',
      'payments.paid_on',
      'payments.reference',
      'payments.amount_cents',
      'f.family_number',
      'a.last_name',
      'a.first_name',
    );
  return rows.map((r) => ({
    id: Number(r.id),
    paidOn: r.paid_on,
    familyName: [r.last_name, r.first_name].filter(Boolean).join(' '),
    familyNumber: r.family_number,
    reference: r.reference,
    amountCents: Number(r.amount_cents),
  }));
}

/**
 * Makes the bordereau: the régie's next number (its counter, moved in this transaction), then
 * each chosen cheque claimed by one conditional UPDATE; if any was deposited meanwhile by
 * another agent (or cancelled), nothing is kept and the agent is told to reload the list.
 */
export async function depositCheques(ctx: StaffCtx, input: z.output<typeof chequeDepositInput>): Promise<ChequeDepositView> {
  if (input.depositedOn > today(ctx.clock)) {
    throw new OperationError('validation', 'Une remise ne peut pas être datée dans le futur.', { depositedOn: 'Date dans le futur.' });
  }
  const regie = await ctx.db('regies').where({ id: input.regieId }).first('id', 'name', 'invoice_prefix');
  if (!regie) throw new OperationError('not_found', 'Cette régie n’existe pas.');
  const ids = [...new Set(input.paymentIds)];
  await ctx.db('regies').where({ id: regie.id }).increment('deposit_counter', 1);
  const number = Number((await ctx.db('regies').where({ id: regie.id }).first('deposit_counter')).deposit_counter);
  const [row] = await ctx
    .db('cheque_deposits')
    .insert({
      regie_id: regie.id,
      number,
      deposited_on: input.depositedOn,
      cheque_count: 0,
      total_cents: 0,
      created_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      created_at: ctx.clock.now().toISOString(),
    })
    .returning('id');
  const depositId = Number(typeof row === 'object' ? row.id : row);
  const claimed = await stillToDeposit(ctx.db('payments').whereIn('id', ids), ctx.db, regie.id).update({ cheque_deposit_id: depositId });
  if (claimed !== ids.length) {
    throw new OperationError(
      'conflict',
      'Certains de ces chèques ne sont plus à remettre (déjà sur un autre bordereau, annulés ou d’une autre régie) : rechargez la liste.',
    );
  }
  const totals = await ctx
    .db('payments')
    .where({ cheque_deposit_id: depositId })
    .sum<{ s: number | string }[]>({ s: 'amount_cents' })
    .first();
  const totalCents = Number(totals?.s ?? 0);
  await ctx.db('cheque_deposits').where({ id: depositId }).update({ cheque_count: ids.length, total_cents: totalCents });
  await audit(ctx, {
    action: 'cheques.deposit',
    entity: 'cheque_deposit',
    entityId: depositId,
    details: { regie: regie.id, number, cheques: ids, totalCents },
  });
  return {
    id: depositId,
    regie: regie.name,
    number,
    label: depositLabel(regie.invoice_prefix, number),
    depositedOn: input.depositedOn,
    chequeCount: ids.length,
    totalCents,
  };
}

/** The latest bordereaux, newest first. */
export async function listDeposits(ctx: StaffCtx, regieId?: number): Promise<ChequeDepositView[]> {
  const query = ctx.db('cheque_deposits as d').join('regies as r', 'r.id', 'd.regie_id');
  if (regieId) query.where('d.regie_id', regieId);
  const rows = await query
    .orderBy('d.id', 'desc')
    .limit(50)
    .select('d.id', 'd.number', 'd.deposited_on', 'd.cheque_count', 'd.total_cents', 'r.name', 'r.invoice_prefix');
  return rows.map((r) => ({
    id: Number(r.id),
    regie: r.name,
    number: Number(r.number),
    label: depositLabel(r.invoice_prefix, Number(r.number)),
    depositedOn: r.deposited_on,
    chequeCount: Number(r.cheque_count),
    totalCents: Number(r.total_cents),
  }));
}

/** The bordereau as the bank takes it: the régie, its number and date, every cheque, the count and the total. */
export async function depositPdf(ctx: StaffCtx, depositId: number): Promise<{ fileName: string; base64: string }> {
  const deposit = await ctx
    .db('cheque_deposits as d')
    .join('regies as r', 'r.id', 'd.regie_id')
    .where('d.id', depositId)
    .first('d.*', 'r.name as regie', 'r.invoice_prefix');
  if (!deposit) throw new OperationError('not_found', 'Ce bordereau n’existe pas.');
  const cheques = await ctx
    .db('payments as p')
    .join('families as f', 'f.id', 'p.family_id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .where('p.cheque_deposit_id', depositId)
    .orderBy('p.id')
    .select('p.paid_on', 'p.reference', 'p.amount_cents', 'f.family_number', 'a.last_name', 'a.first_name');
  const commune = await ctx.db('commune_settings').where({ id: 1 }).first('name');
  const label = depositLabel(deposit.invoice_prefix, Number(deposit.number));
  const pdf = await renderPdf({
    info: { title: `Bordereau de remise de chèques ${label}`, author: commune?.name ?? '' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    content: [
      { text: commune?.name ?? '', style: 'commune' },
      { text: `Bordereau de remise de chèques n° ${label}`, style: 'title' },
      { text: `${deposit.regie} — remise du ${formatLongFrenchDate(deposit.deposited_on)}`, margin: [0, 0, 0, 10] },
      {
        table: {
          headerRows: 1,
          widths: ['auto', '*', '*', 'auto'],
          body: [
            ['Reçu le', 'Tireur (famille)', 'Référence', 'Montant'].map((text, i) => ({
              text,
              bold: true,
              alignment: i === 3 ? 'right' : 'left',
            })),
            ...cheques.map((c) => [
              formatShortFrenchDate(c.paid_on),
              `${[c.last_name, c.first_name].filter(Boolean).join(' ')} (${c.family_number})`,
              c.reference,
              { text: formatEuros(Number(c.amount_cents)), alignment: 'right' },
            ]),
          ],
        },
      },
      { text: `Nombre de chèques : ${cheques.length}`, margin: [0, 10, 0, 0], bold: true },
      { text: `Total de la remise : ${formatEuros(Number(deposit.total_cents))}`, bold: true },
    ],
    styles: { commune: { fontSize: 13, bold: true }, title: { fontSize: 14, bold: true, margin: [0, 6, 0, 2] } },
    pageFooter: `${label}`,
  });
  return { fileName: pdfFileName('bordereau', label), base64: pdf.toString('base64') };
}
