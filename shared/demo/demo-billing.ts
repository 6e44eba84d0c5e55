import type { Knex } from 'knex';
import type { PaymentType } from '../contracts/billing';
import { issueInvoiceRun } from '../core/billing/invoice-run';
import { recordPayment } from '../core/billing/payments';
import { fixedClock } from '../core/clock';
import type { StaffCtx } from '../core/operation';
import type { ShippedSchoolYear } from '../db/school-calendar-data';
import { addDays } from '../domain/french-dates';
import { demoBilledMonths, demoInstant, demoIssueDate } from './demo-calendar';
import type { DemoHouseholds } from './demo-households';
import type { DemoReference } from './demo-reference';

/** The demo agent at work on a given day: the runs and payments are theirs, in the audit log too. */
export function agentAt(trx: Knex.Transaction, ref: DemoReference, instant: Date): StaffCtx {
  return {
    actor: { kind: 'staff', userId: ref.agentId, username: 'agent', role: 'agent', sessionId: 'demo' },
    db: trx,
    clock: fixedClock(instant.toISOString()),
    mailer: {
      deliverPending: () => Promise.reject(new Error('The demo seed sends no e-mail.')),
      idle: () => Promise.resolve(),
    },
    source: 'demo',
    portalBaseUrl: '',
    effects: {},
  };
}

/** The family of the demo on prélèvement: the first of the commune's other households. */
export const demoDirectDebitFamily = (households: DemoHouseholds): number => households.others[0]!.familyId;

/** The ways the commune's other families pay, in turn, with the reference each one leaves. */
const SETTLEMENTS: Array<{ type: PaymentType; reference: (n: number) => string; ormc?: (n: number) => string }> = [
  { type: 'virement', reference: (n) => `Virement n° ${70_000 + n}` },
  { type: 'especes', reference: (n) => `Reçu n° ${400 + n}` },
  { type: 'carte', reference: (n) => `PayFiP n° ${452_800 + n}` },
  // PayFiP's « prélèvement unique », paid online (the SEPA mandates are demo-collection.ts's).
  { type: 'prelevement', reference: (n) => `PayFiP n° ${453_600 + n}` },
  { type: 'titre', reference: () => 'Titre de recette', ormc: (n) => `${String(n).padStart(6, '0')}` },
  { type: 'cheque', reference: (n) => `Chèque n° ${7_781_200 + n}` },
];

interface IssuedInvoice {
  id: number;
  family_id: number;
  regie_id: number;
  total_cents: number;
  issued_on: string;
}

/**
 * Bills every month of the school year that is over, with the real invoice run, issued on
 * the 5th of the next month (today when that is still to come) by the demo agent: every line
 * is the days the planning shows, at the family's tariff, due by the commune's own rule. Then
 * the payments a commune would have seen by today: DUPONT pays the canteen by cheque and the
 * Wednesdays online, but not yet the last month's Wednesdays (the manual's unpaid invoice);
 * MARTIN's last canteen invoice is still due; the others pay in every way, a few late.
 */
export async function seedDemoBilling(
  trx: Knex.Transaction,
  now: Date,
  todayIso: string,
  year: ShippedSchoolYear,
  ref: DemoReference,
  households: DemoHouseholds,
): Promise<void> {
  const months = demoBilledMonths(year, todayIso);
  for (const month of months) {
    // Every month of a school year has school days: each run has invoices to issue.
    const issuedOn = demoIssueDate(month, todayIso);
    await issueInvoiceRun(agentAt(trx, ref, demoInstant(issuedOn, now)), { month });
  }
  const lastMonth = months[months.length - 1];
  const invoices: IssuedInvoice[] = await trx('invoices')
    .where({ kind: 'invoice' })
    .orderBy('id')
    .select('id', 'family_id', 'regie_id', 'total_cents', 'issued_on', 'period_month');

  const pay = async (
    invoice: IssuedInvoice,
    type: PaymentType,
    reference: string,
    afterDays: number,
    amountCents = invoice.total_cents,
    ormcNumber = '',
  ) => {
    const paidOn = addDays(invoice.issued_on, afterDays);
    if (paidOn >= todayIso) return; // not received yet: the invoice is still due today
    await recordPayment(agentAt(trx, ref, demoInstant(paidOn, now, 9)), {
      familyId: invoice.family_id,
      type,
      amountCents,
      paidOn,
      reference,
      ormcNumber,
      invoiceIds: [invoice.id],
    });
  };
  const othersOrder = new Map(households.others.map((f, i) => [f.familyId, i]));
  // Its invoices are debited by the month's SEPA batches (demo-collection.ts).
  othersOrder.delete(demoDirectDebitFamily(households));
  let counter = 0;
  for (const invoice of invoices as Array<IssuedInvoice & { period_month: string }>) {
    counter += 1;
    const last = invoice.period_month === lastMonth;
    const wednesdays = invoice.regie_id === ref.regies.al;
    if (invoice.family_id === households.dupont.familyId) {
      if (!wednesdays) await pay(invoice, 'cheque', `Chèque n° ${4_455_100 + counter}`, 12);
      else if (!last) await pay(invoice, 'carte', `PayFiP n° ${451_000 + counter}`, 3);
      continue;
    }
    if (invoice.family_id === households.martin.familyId) {
      if (wednesdays) await pay(invoice, 'virement', `Virement n° ${60_000 + counter}`, 2);
      else if (!last) await pay(invoice, 'virement', `Virement n° ${60_000 + counter}`, 10);
      continue;
    }
    const rank = othersOrder.get(invoice.family_id);
    if (rank === undefined) continue;
    const settlement = SETTLEMENTS[counter % SETTLEMENTS.length]!;
    const settle = (afterDays: number) =>
      pay(invoice, settlement.type, settlement.reference(counter), afterDays, invoice.total_cents, settlement.ormc?.(300 + counter));
    if (!last) {
      if (rank % 9 === 4) continue; // a few families late with an older invoice
      await settle(8 + (rank % 20));
    } else if (rank % 4 === 0) {
      await settle(1 + (rank % 5));
    } else if (rank % 7 === 3 && invoice.total_cents > 100) {
      await pay(invoice, 'virement', 'Virement partiel', 2, Math.floor(invoice.total_cents / 2));
    }
  }
}
