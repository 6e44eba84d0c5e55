import type { Knex } from 'knex';
import type { z } from '../../contracts/zod-fr';
import type { JournalRow, PaymentsJournal, PaymentType, paymentsJournalInput } from '../../contracts/billing';
import { paymentTypeLabel } from '../../domain/labels';
import type { StaffCtx } from '../operation';
import { responsableOf } from '../families/responsable-join';
import type { DbRow } from '../../db/db-row';

/** The payments the journal's filter selects: a period of payment dates, a mode, a régie. */
function filtered(db: Knex, input: z.output<typeof paymentsJournalInput>): Knex.QueryBuilder<DbRow, DbRow[]> {
  const query = db('payments as p').whereBetween('p.paid_on', [input.from, input.to]).whereNot('p.status', 'rejected');
  if (input.type) query.where('p.type', input.type);
  if (input.regieId) query.where('p.regie_id', input.regieId);
  return query;
}

/**
 * « Règlements »: every payment of the period with its family, mode, reference, amount, the
 * invoices it settles and who recorded it, newest first and paged; with the totals by mode over
 * the whole filter, computed by the database (a cancellation is an opposite entry: it deducts).
 */
export async function paymentsJournal(ctx: StaffCtx, input: z.output<typeof paymentsJournalInput>): Promise<PaymentsJournal> {
  const db = ctx.db;
  const byType: DbRow[] = await filtered(db, input)
    .groupBy('p.type')
    .select('p.type', db.raw('count(*) as n'), db.raw('coalesce(sum(p.amount_cents), 0) as cents'));
  const totals = byType
    .map((t) => ({
      type: t.type as PaymentType,
      label: paymentTypeLabel(t.type, null),
      count: Number(t.n),
      amountCents: Number(t.cents),
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  const total = totals.reduce((n, t) => n + t.count, 0);
  const rows: DbRow[] = await filtered(db, input)
    .join('families as f', 'f.id', 'p.family_id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .leftJoin('regies as r', 'r.id', 'p.regie_id')
    .leftJoin('staff_users as s', 's.id', 'p.recorded_by')
    .leftJoin('payments as c', 'c.cancels_payment_id', 'p.id')
    .orderBy([
      { column: 'p.paid_on', order: 'desc' },
      { column: 'p.id', order: 'desc' },
    ])
    .offset(input.page * input.pageSize)
    .limit(input.pageSize)
    .select(
      'p.id',
      'p.paid_on',
      'p.family_id',
      'f.family_number',
      'a.last_name',
      'a.first_name',
      'p.type',
      'p.ormc_number',
      'p.reference',
      'p.amount_cents',
      'p.status',
      'p.payfip_transaction_id',
      'p.cancels_payment_id',
      'p.cancel_reason',
      'r.name as regie',
      's.display_name as agent',
      'c.id as cancelled_by',
      'c.cancel_reason as cancelled_because',
    );
  const invoices = await invoicesOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return {
    total,
    totals,
    totalCents: totals.reduce((sum, t) => sum + t.amountCents, 0),
    rows: rows.map(
      (r): JournalRow => ({
        id: Number(r.id),
        paidOn: r.paid_on,
        familyId: Number(r.family_id),
        familyNumber: r.family_number,
        familyName: [r.last_name, r.first_name].filter(Boolean).join(' '),
        type: r.type,
        typeLabel: paymentTypeLabel(r.type, r.ormc_number),
        reference: r.reference,
        amountCents: Number(r.amount_cents),
        regie: r.regie ?? '',
        invoices: invoices.get(Number(r.id)) ?? [],
        recordedBy: r.agent ?? (r.payfip_transaction_id ? 'PayFiP' : ''),
        status: r.status,
        cancelsPaymentId: r.cancels_payment_id == null ? null : Number(r.cancels_payment_id),
        cancelledByPaymentId: r.cancelled_by == null ? null : Number(r.cancelled_by),
        cancelReason: r.cancel_reason ?? r.cancelled_because ?? null,
      }),
    ),
  };
}

/** The invoice numbers each payment settles (a cancellation: those it re-opened). */
async function invoicesOf(db: Knex, paymentIds: number[]): Promise<Map<number, string[]>> {
  const found = new Map<number, string[]>();
  if (!paymentIds.length) return found;
  const rows = await db('payment_allocations as pa')
    .join('invoices as i', 'i.id', 'pa.invoice_id')
    .whereIn('pa.payment_id', paymentIds)
    .orderBy('pa.id')
    .select('pa.payment_id', 'i.number');
  for (const row of rows) {
    const id = Number(row.payment_id);
    found.set(id, [...(found.get(id) ?? []), row.number as string]);
  }
  return found;
}
