import type { Knex } from 'knex';
import { seal } from '../security/sealed-secrets';
import { sendReminders } from '../core/billing/reminders';
import { plannedCollectionDate } from '../core/billing/sepa/debit-notices';
import { confirmSepaBatch, prepareSepaBatch } from '../core/billing/sepa/batches';
import { recordMandate } from '../core/billing/sepa/mandates';
import type { DbRow } from '../db/db-row';
import type { ShippedSchoolYear } from '../db/school-calendar-data';
import { addDays } from '../domain/french-dates';
import { agentAt, demoDirectDebitFamily } from './demo-billing';
import { demoInstant } from './demo-calendar';
import type { DemoHouseholds } from './demo-households';
import type { DemoReference } from './demo-reference';

/** The batch is prepared a few days before its collection date and confirmed once the bank has collected. */
const PREPARED_DAYS_BEFORE = 5;
const CONFIRMED_DAYS_AFTER = 2;
/** The agent reminds the families that have not paid ten days after the due date. */
const REMINDED_DAYS_AFTER_DUE = 10;

/**
 * What the régie did after the invoices, through the real operations, on the days it did it: a
 * family signed a SEPA mandate at the rentrée and each month's invoice is debited by a batch
 * (prepared five days before, confirmed after; the coming one planned), and the families late
 * with an invoice were sent a first reminder.
 */
export async function seedDemoCollection(
  trx: Knex.Transaction,
  now: Date,
  todayIso: string,
  year: ShippedSchoolYear,
  ref: DemoReference,
  households: DemoHouseholds,
): Promise<void> {
  const scene = { trx, now, todayIso, year, ref, households };
  await seedDirectDebits(scene);
  await seedReminders(scene);
}

interface Scene {
  trx: Knex.Transaction;
  now: Date;
  todayIso: string;
  year: ShippedSchoolYear;
  ref: DemoReference;
  households: DemoHouseholds;
}

async function seedDirectDebits({ trx, now, todayIso, year, ref, households }: Scene): Promise<void> {
  const familyId = demoDirectDebitFamily(households);
  const holder = await trx('family_adults').where({ family_id: familyId, role: 'responsable' }).first('first_name', 'last_name');
  const account = { iban: 'FR1420041010050500013M02606', bic: 'PSSTFRPPXXX' };
  await trx('family_bank').insert({
    family_id: familyId,
    account_holder: `${holder.last_name} ${holder.first_name}`,
    bank_name: 'La Banque Postale',
    iban: seal(account.iban, 'family_bank.iban'),
    bic: account.bic,
    updated_at: now.toISOString(),
  });
  const signedOn = year.startsOn < todayIso ? year.startsOn : todayIso;
  await recordMandate(agentAt(trx, ref, demoInstant(signedOn, now, 9)), {
    familyId,
    signedOn,
    holder: `${holder.first_name} ${holder.last_name}`,
    ...account,
  });
  const runs: DbRow[] = await trx('invoices')
    .where({ family_id: familyId, kind: 'invoice' })
    .distinct('issued_on', 'due_on')
    .orderBy('issued_on');
  for (const run of runs) {
    const collectionDate = plannedCollectionDate(run.issued_on, run.due_on);
    const preparedOn = addDays(collectionDate, -PREPARED_DAYS_BEFORE);
    if (preparedOn > todayIso) continue; // the agent prepares it in a few days
    const batch = await prepareSepaBatch(agentAt(trx, ref, demoInstant(preparedOn, now, 10)), { collectionDate });
    const confirmedOn = addDays(collectionDate, CONFIRMED_DAYS_AFTER);
    if (confirmedOn <= todayIso) await confirmSepaBatch(agentAt(trx, ref, demoInstant(confirmedOn, now, 10)), batch.id);
  }
}

async function seedReminders({ trx, now, todayIso, ref, households }: Scene): Promise<void> {
  const paid = trx('payment_allocations').groupBy('invoice_id').select('invoice_id', trx.raw('sum(amount_cents) as paid_cents'));
  const late: DbRow[] = await trx('invoices as i')
    .leftJoin(paid.as('p'), 'p.invoice_id', 'i.id')
    .join('family_adults as a', (j) => j.on('a.family_id', 'i.family_id').andOnVal('a.role', '=', 'responsable'))
    .whereIn(
      'i.family_id',
      households.others.map((f) => f.familyId),
    )
    .where({ 'i.kind': 'invoice', 'i.status': 'issued' })
    .whereRaw('i.total_cents > coalesce(p.paid_cents, 0)')
    .where('i.due_on', '<=', addDays(todayIso, -REMINDED_DAYS_AFTER_DUE))
    .whereNot('a.email', '')
    .where('a.email_allowed', true)
    .orderBy('i.id')
    .select('i.id', 'i.due_on');
  const byDueDate = new Map<string, number[]>();
  for (const invoice of late) byDueDate.set(invoice.due_on, [...(byDueDate.get(invoice.due_on) ?? []), Number(invoice.id)]);
  for (const [dueOn, invoiceIds] of byDueDate) {
    const remindedOn = addDays(dueOn, REMINDED_DAYS_AFTER_DUE);
    await sendReminders(agentAt(trx, ref, demoInstant(remindedOn, now, 9)), { invoiceIds, channel: 'auto' });
  }
}
