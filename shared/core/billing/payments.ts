import type { Knex } from 'knex';
import { audit, type AuditCtx } from '../audit/audit-log';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import type { z } from '../../contracts/zod-fr';
import type {
  PaymentRow,
  PaymentsPage,
  paymentDecisionInput,
  paymentRecordInput,
  paymentsListInput,
  PaymentType,
} from '../../contracts/billing';
import { paymentTypeLabel } from '../../domain/labels';
import { insertId } from '../../db/insert-id';
import { isPostgres } from '../../db/connection';
import { responsableOf } from '../families/responsable-join';
import { invoicesToSettle } from './payment-regie';

export interface OpenInvoice {
  id: number;
  number: string;
  dueOn: string;
  remainingCents: number;
}

/** A family's issued invoices with something left to pay, oldest due date first. */
export async function openInvoices(db: Knex, familyId: number, onlyIds?: number[]): Promise<OpenInvoice[]> {
  const query = db('invoices as i')
    .leftJoin('payment_allocations as pa', 'pa.invoice_id', 'i.id')
    .where({ 'i.family_id': familyId, 'i.kind': 'invoice', 'i.status': 'issued' })
    .groupBy('i.id', 'i.number', 'i.due_on', 'i.total_cents')
    .orderBy([{ column: 'i.due_on' }, { column: 'i.id' }])
    .select('i.id', 'i.number', 'i.due_on', 'i.total_cents', db.raw('coalesce(sum(pa.amount_cents), 0) as paid_cents'));
  if (onlyIds) query.whereIn('i.id', onlyIds);
  const rows = await query;
  return rows
    .map((r) => ({
      id: Number(r.id),
      number: r.number as string,
      dueOn: r.due_on as string,
      remainingCents: Number(r.total_cents) - Number(r.paid_cents),
    }))
    .filter((r) => r.remainingCents > 0);
}

export interface NewPayment {
  familyId: number;
  type: PaymentType;
  amountCents: number;
  paidOn: string;
  reference: string;
  ormcNumber?: string | null;
  status: 'confirmed' | 'to_confirm';
  payfipTransactionId?: number | null;
  recordedBy?: number | null;
  /** Settle these invoices in this order; the family's oldest unpaid ones when absent. */
  invoiceIds?: number[];
  /** The régie it is paid to, when it settles nothing (all credit); otherwise that of its first invoice. */
  regieId?: number | null;
}

/**
 * Records a payment and allocates it to invoices, never beyond what each still owes; what is
 * left stays on the family's account as credit (the balance counts every payment).
 */
export async function insertPayment(
  ctx: AuditCtx,
  payment: NewPayment,
): Promise<{
  paymentId: number;
  allocations: Array<{ invoiceId: number; number: string; amountCents: number }>;
  receiptNumber: number | null;
}> {
  const trx = ctx.db;
  const at = ctx.clock.now().toISOString();
  // Two payments of one family at once (a late PayFiP answer and a counter payment) must not
  // both settle the same invoice in full: on PostgreSQL the family's invoices are locked while
  // this one is allocated (SQLite's single writer already runs them one after the other).
  // Locks in one order everywhere: the régie's row (its counters, as the invoice run and avoirs
  // take it) before the family's invoices, so that two operations never wait on each other.
  const cashRegie = payment.type === 'especes' ? (payment.regieId ?? null) : null;
  const receiptNumber = cashRegie ? await nextReceiptNumber(trx, cashRegie) : null;
  if (isPostgres(trx)) await trx('invoices').where({ family_id: payment.familyId }).forUpdate().select('id');
  let open = await openInvoices(trx, payment.familyId, payment.invoiceIds);
  if (payment.invoiceIds) {
    const order = new Map(payment.invoiceIds.map((id, i) => [id, i]));
    open = open.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }
  let left = payment.amountCents;
  const allocations: Array<{ invoiceId: number; number: string; amountCents: number }> = [];
  for (const invoice of open) {
    if (left <= 0) break;
    const amount = Math.min(left, invoice.remainingCents);
    allocations.push({ invoiceId: invoice.id, number: invoice.number, amountCents: amount });
    left -= amount;
  }
  // The régie of what it settles (the journal's filter); none for a payment that is all credit.
  const firstInvoice = allocations[0] ? await trx('invoices').where({ id: allocations[0].invoiceId }).first('regie_id') : undefined;
  const regieId = firstInvoice?.regie_id ?? payment.regieId ?? null;
  const paymentId = await insertId(trx, 'payments', {
    family_id: payment.familyId,
    type: payment.type,
    reference: payment.reference,
    ormc_number: payment.ormcNumber || null,
    paid_on: payment.paidOn,
    amount_cents: payment.amountCents,
    payfip_transaction_id: payment.payfipTransactionId ?? null,
    recorded_by: payment.recordedBy ?? null,
    status: payment.status,
    regie_id: regieId,
    receipt_number: receiptNumber,
    created_at: at,
  });
  if (allocations.length) {
    await trx('payment_allocations').insert(
      allocations.map((a) => ({ payment_id: paymentId, invoice_id: a.invoiceId, amount_cents: a.amountCents })),
    );
  }
  await audit(ctx, {
    action: 'payments.record',
    entity: 'payment',
    entityId: paymentId,
    details: {
      familyId: payment.familyId,
      type: payment.type,
      amountCents: payment.amountCents,
      status: payment.status,
      allocations: allocations.map((a) => [a.number, a.amountCents]),
      creditCents: left,
    },
  });
  return { paymentId, allocations, receiptNumber };
}

/** Cash paid to a public body: 300 € at most (code monétaire et financier, art. D. 112-3). */
const MAX_CASH_CENTS = 300_00;

/** The régie's next cash receipt number: its counter moved in this transaction (a row lock on PostgreSQL until commit). */
async function nextReceiptNumber(trx: Knex, regieId: number): Promise<number> {
  await trx('regies').where({ id: regieId }).increment('receipt_counter', 1);
  const row = await trx('regies').where({ id: regieId }).first('receipt_counter');
  return Number(row.receipt_counter);
}

/** An agent records a payment received (virement, espèces, chèque, carte, prélèvement, titre). */
export async function recordPayment(ctx: StaffCtx, input: z.infer<typeof paymentRecordInput>) {
  const family = await ctx.db('families').where({ id: input.familyId }).first('id');
  if (!family) throw new OperationError('not_found', 'Famille introuvable.');
  if (input.paidOn > today(ctx.clock))
    throw new OperationError('validation', 'Un règlement ne peut pas être daté dans le futur.', { paidOn: 'Date dans le futur.' });
  const settles = await invoicesToSettle(ctx.db, input);
  // Every payment belongs to a régie: its cheques go on that régie's bordereau, its cash in that régie's journal.
  if (settles.regieId === null) {
    throw new OperationError('validation', 'Choisissez la régie qui reçoit ce règlement (la famille ne doit rien : ce sera une avance).', {
      regieId: 'Choisissez la régie.',
    });
  }
  if (input.type === 'especes') {
    if (input.paidOn !== today(ctx.clock)) {
      throw new OperationError(
        'validation',
        'Les espèces s’enregistrent le jour où elles sont reçues : le journal de caisse signé ne change plus.',
        {
          paidOn: 'Date du jour attendue.',
        },
      );
    }
    if (input.amountCents > MAX_CASH_CENTS) {
      throw new OperationError(
        'validation',
        'Un règlement en espèces à la régie est limité à 300 € (article D. 112-3 du code monétaire et financier).',
        {
          amountCents: '300 € au plus en espèces.',
        },
      );
    }
  }
  const result = await insertPayment(ctx, {
    ...input,
    invoiceIds: settles.invoiceIds,
    regieId: settles.regieId,
    ormcNumber: input.type === 'titre' ? input.ormcNumber : null,
    status: 'confirmed',
    recordedBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
  });
  const allocated = result.allocations.reduce((s, a) => s + a.amountCents, 0);
  return { ...result, creditCents: input.amountCents - allocated };
}

/** A PayFiP URL-mode payment checked against the trésorerie's statement: it stands. */
export async function confirmPayment(ctx: StaffCtx, input: z.infer<typeof paymentDecisionInput>) {
  const updated = await ctx
    .db('payments')
    .where({ id: input.paymentId, status: 'to_confirm' })
    .update({
      status: 'confirmed',
      confirmed_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      decided_at: ctx.clock.now().toISOString(),
    });
  if (!updated) throw new OperationError('conflict', 'Ce règlement n’est pas (ou plus) à confirmer.');
  await audit(ctx, { action: 'payments.confirm', entity: 'payment', entityId: input.paymentId });
  return { confirmed: true as const };
}

/**
 * A PayFiP URL-mode payment the trésorerie never received: it is kept, marked rejected with
 * its reason, and its allocations are removed so the invoices are due again.
 */
export async function rejectPayment(ctx: StaffCtx, input: z.infer<typeof paymentDecisionInput>) {
  if (!input.reason) throw new OperationError('validation', 'Indiquez pourquoi ce règlement est rejeté.', { reason: 'Motif obligatoire.' });
  const updated = await ctx
    .db('payments')
    .where({ id: input.paymentId, status: 'to_confirm' })
    .update({
      status: 'rejected',
      reject_reason: input.reason,
      confirmed_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      decided_at: ctx.clock.now().toISOString(),
    });
  if (!updated) throw new OperationError('conflict', 'Ce règlement n’est pas (ou plus) à confirmer.');
  const removed = await ctx.db('payment_allocations').where({ payment_id: input.paymentId }).delete();
  await audit(ctx, {
    action: 'payments.reject',
    entity: 'payment',
    entityId: input.paymentId,
    details: { reason: input.reason, allocationsRemoved: removed },
  });
  return { rejected: true as const };
}

/** Payments, newest first: one family's, or those waiting for an agent's confirmation. */
export async function listPayments(ctx: StaffCtx, input: z.infer<typeof paymentsListInput>): Promise<PaymentsPage> {
  const base = ctx.db('payments as p').join('families as f', 'f.id', 'p.family_id').leftJoin('family_adults as a', responsableOf('f.id'));
  if (input.familyId) base.where('p.family_id', input.familyId);
  if (input.status === 'to_confirm') base.where('p.status', 'to_confirm');
  if (input.status === 'refund_due') {
    base
      .where('p.refund_due_cents', '>', 0)
      .whereNot('p.status', 'rejected')
      .whereNotExists(ctx.db('payments as c').whereRaw('c.cancels_payment_id = p.id').select(ctx.db.raw('1')));
  }
  const total = Number((await base.clone().count<{ n: number }[]>({ n: '*' }).first())?.n ?? 0);
  const rows = await base
    .clone()
    .orderBy([
      { column: 'p.paid_on', order: 'desc' },
      { column: 'p.id', order: 'desc' },
    ])
    .offset(input.page * input.pageSize)
    .limit(input.pageSize)
    .select(
      'p.id',
      'p.family_id',
      'f.family_number',
      'a.last_name',
      'a.first_name',
      'p.type',
      'p.ormc_number',
      'p.reference',
      'p.paid_on',
      'p.amount_cents',
      'p.refund_due_cents',
      'p.status',
    );
  const ids = rows.map((r) => r.id);
  const allocations = ids.length
    ? await ctx
        .db('payment_allocations as pa')
        .join('invoices as i', 'i.id', 'pa.invoice_id')
        .whereIn('pa.payment_id', ids)
        .select('pa.payment_id', 'pa.amount_cents', 'i.number')
    : [];
  return {
    total,
    rows: rows.map((r): PaymentRow => {
      const own = allocations.filter((a) => a.payment_id === r.id);
      return {
        id: r.id,
        familyId: r.family_id,
        familyNumber: r.family_number,
        familyName: [r.last_name, r.first_name].filter(Boolean).join(' '),
        type: r.type,
        typeLabel: paymentTypeLabel(r.type, r.ormc_number),
        reference: r.reference,
        paidOn: r.paid_on,
        amountCents: Number(r.amount_cents),
        allocatedCents: own.reduce((s, a) => s + Number(a.amount_cents), 0),
        refundDueCents: Number(r.refund_due_cents),
        status: r.status,
        invoices: own.map((a) => a.number as string),
      };
    }),
  };
}
