import type { Knex } from 'knex';

/** One invoice with its lines, as the family sees it; null when it is not this household's. */
export async function familyInvoice(db: Knex, familyId: number, number: string) {
  const invoice = await db('invoices as i')
    .join('regies as r', 'r.id', 'i.regie_id')
    .where({ 'i.number': number, 'i.family_id': familyId })
    .first('i.id', 'i.number', 'i.kind', 'i.issued_on', 'i.due_on', 'i.total_cents', 'i.period_month', 'i.status', 'r.name as regie_name');
  if (!invoice) return null;
  const lines = await db('invoice_lines')
    .where({ invoice_id: invoice.id })
    .orderBy('id')
    .select('label', 'details', 'quantity', 'unit_price_cents', 'amount_cents');
  const paid = await db('payment_allocations')
    .where({ invoice_id: invoice.id })
    .sum<{ s: number | string | null }[]>({ s: 'amount_cents' })
    .first();
  const paidCents = Number(paid?.s ?? 0);
  return {
    number: invoice.number as string,
    kind: invoice.kind as string,
    status: invoice.status as string,
    regie: invoice.regie_name as string,
    issuedOn: invoice.issued_on as string,
    dueOn: invoice.due_on as string,
    periodMonth: invoice.period_month as string,
    totalCents: Number(invoice.total_cents),
    paidCents,
    remainingCents: Number(invoice.total_cents) - paidCents,
    lines: lines.map((l) => ({
      label: l.label as string,
      details: (l.details ?? '') as string,
      quantity: Number(l.quantity),
      unitPriceCents: Number(l.unit_price_cents),
      amountCents: Number(l.amount_cents),
    })),
  };
}
export type FamilyInvoice = NonNullable<Awaited<ReturnType<typeof familyInvoice>>>;
