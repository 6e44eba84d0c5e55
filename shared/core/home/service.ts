import type { Knex } from 'knex';
import type { PageHeader } from './household-header';
import { referenceData } from '../reference/reference-data';

export interface UnpaidInvoice {
  number: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  remainingCents: number;
}

export interface HomeView {
  today: string;
  welcomeName: string;
  unreadMessages: number;
  homeMessage: string;
  treasuryName: string;
  treasuryPhone: string;
  /** The commune does not collect payments itself: the manual's trésorerie notice is shown. */
  paymentsViaTreasury: boolean;
  responsable: { civility: string; lastName: string; firstName: string; familyNumber: string };
  balanceCents: number;
  unpaidInvoices: UnpaidInvoice[];
  children: Array<{ id: number; firstName: string; lastName: string }>;
}

/** Sum of what the family was invoiced (credit notes negative) minus what it paid. */
export async function familyBalanceCents(db: Knex, familyId: number): Promise<number> {
  // Invoices (avoirs count negative) minus payments not rejected, in one round trip.
  const row = await db
    .select(
      db('invoices').where({ family_id: familyId }).sum('total_cents').as('invoiced'),
      db('payments').where({ family_id: familyId }).whereNot('status', 'rejected').sum('amount_cents').as('paid'),
    )
    .first();
  return Number(row?.invoiced ?? 0) - Number(row?.paid ?? 0);
}

/** Issued invoices with something left to pay, oldest first: one grouped query. */
export async function unpaidInvoices(db: Knex, familyId: number): Promise<UnpaidInvoice[]> {
  const rows = await db('invoices as i')
    .leftJoin('payment_allocations as pa', 'pa.invoice_id', 'i.id')
    .where({ 'i.family_id': familyId, 'i.kind': 'invoice', 'i.status': 'issued' })
    .groupBy('i.id', 'i.number', 'i.issued_on', 'i.due_on', 'i.total_cents')
    .select('i.number', 'i.issued_on', 'i.due_on', 'i.total_cents', db.raw('coalesce(sum(pa.amount_cents), 0) as paid_cents'))
    .orderBy('i.issued_on');
  return rows
    .map((r) => ({
      number: r.number,
      issuedOn: r.issued_on,
      dueOn: r.due_on,
      totalCents: Number(r.total_cents),
      remainingCents: Number(r.total_cents) - Number(r.paid_cents),
    }))
    .filter((r) => r.remainingCents > 0);
}

export async function homeView(db: Knex, header: PageHeader, familyId: number): Promise<HomeView> {
  const { commune } = await referenceData(db);
  const children = await db('children')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('birth_date')
    .select('id', 'first_name', 'last_name');
  return {
    ...header,
    homeMessage: commune.homeMessage,
    treasuryName: commune.treasuryName,
    treasuryPhone: commune.treasuryPhone,
    paymentsViaTreasury: commune.paymentsViaTreasury,
    balanceCents: await familyBalanceCents(db, familyId),
    unpaidInvoices: await unpaidInvoices(db, familyId),
    children: children.map((c) => ({ id: c.id, firstName: c.first_name, lastName: c.last_name })),
  };
}
