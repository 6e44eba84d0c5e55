import type { Knex } from 'knex';
import { paymentTypeLabel } from '../../domain/labels';
import { referenceData } from '../reference/reference-data';

export interface StatementInvoice {
  number: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  paidCents: number;
  remainingCents: number;
  kind: string;
  status: string;
  /** Past its due date with something left to pay. */
  overdue: boolean;
}
export interface StatementPayment {
  id: number;
  paidOn: string;
  typeLabel: string;
  reference: string;
  amountCents: number;
}
export interface AccountStatement {
  years: string[];
  year: string;
  invoices: StatementInvoice[];
  payments: StatementPayment[];
  previousBalanceCents: number;
  invoicedCents: number;
  paidCents: number;
  balanceCents: number;
}

/** A school year « 2026-2027 » runs in accounts from 1 September 2026 to 31 August 2027. */
function yearBounds(label: string): { from: string; to: string } {
  const first = Number(label.slice(0, 4));
  return { from: `${first}-09-01`, to: `${first + 1}-08-31` };
}

/**
 * The manual's « Relevé de compte » for one school year: its invoices with what was paid on
 * each, its payments, the balance carried from earlier years and the year's closing balance.
 */
export async function accountStatement(
  db: Knex,
  familyId: number,
  requestedYear: string | undefined,
  today: string,
): Promise<AccountStatement> {
  const years = (await referenceData(db)).schoolYears;
  const current =
    years.find((label) => {
      const b = yearBounds(label);
      return today >= b.from && today <= b.to;
    }) ??
    years[0] ??
    '';
  const year = requestedYear && years.includes(requestedYear) ? requestedYear : current;
  const { from, to } = yearBounds(year || `${today.slice(0, 4)}-`);

  const invoiceRows = await db('invoices as i')
    .leftJoin('payment_allocations as pa', 'pa.invoice_id', 'i.id')
    .where('i.family_id', familyId)
    .whereBetween('i.issued_on', [from, to])
    .groupBy('i.id', 'i.number', 'i.issued_on', 'i.due_on', 'i.total_cents', 'i.kind', 'i.status')
    .orderBy('i.issued_on')
    .select(
      'i.number',
      'i.issued_on',
      'i.due_on',
      'i.total_cents',
      'i.kind',
      'i.status',
      db.raw('coalesce(sum(pa.amount_cents), 0) as paid_cents'),
    );
  const paymentRows = await db('payments')
    .where('family_id', familyId)
    .whereNot('status', 'rejected')
    .whereBetween('paid_on', [from, to])
    .orderBy([{ column: 'paid_on' }, { column: 'id' }])
    .select('id', 'paid_on', 'type', 'ormc_number', 'reference', 'amount_cents', 'status');
  // « Ancien Solde »: everything invoiced and paid before the year, in one round trip.
  const before = await db
    .select(
      db('invoices').where('family_id', familyId).where('issued_on', '<', from).sum('total_cents').as('invoiced'),
      db('payments').where('family_id', familyId).whereNot('status', 'rejected').where('paid_on', '<', from).sum('amount_cents').as('paid'),
    )
    .first();
  const invoicedBefore = Number(before?.invoiced ?? 0);
  const paidBefore = Number(before?.paid ?? 0);

  const invoices = invoiceRows.map((r) => ({
    number: r.number,
    issuedOn: r.issued_on,
    dueOn: r.due_on,
    kind: r.kind,
    status: r.status,
    totalCents: Number(r.total_cents),
    paidCents: Number(r.paid_cents),
    // An avoir and the invoice it cancels leave nothing to pay on either.
    remainingCents: r.kind === 'invoice' && r.status === 'issued' ? Number(r.total_cents) - Number(r.paid_cents) : 0,
  }));
  const marked = invoices.map((i) => ({ ...i, overdue: i.remainingCents > 0 && i.dueOn < today }));
  const payments = paymentRows.map((r) => ({
    id: Number(r.id),
    paidOn: r.paid_on,
    typeLabel: paymentTypeLabel(r.type, r.ormc_number) + (r.status === 'to_confirm' ? ' — à confirmer' : ''),
    reference: r.reference,
    amountCents: Number(r.amount_cents),
  }));
  const invoicedCents = marked.reduce((s, i) => s + i.totalCents, 0);
  const paidCents = payments.reduce((s, p) => s + p.amountCents, 0);
  const previousBalanceCents = invoicedBefore - paidBefore;
  return {
    years,
    year,
    invoices: marked,
    payments,
    previousBalanceCents,
    invoicedCents,
    paidCents,
    balanceCents: previousBalanceCents + invoicedCents - paidCents,
  };
}
