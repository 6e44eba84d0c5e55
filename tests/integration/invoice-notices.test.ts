import { describe, expect, it } from 'vitest';
import { invoicesPdf } from '../../shared/core/billing/invoice-pdf';
import { plannedCollectionDate } from '../../shared/core/billing/sepa/debit-notices';
import { householdWithDays, type DaySpec } from '../support/billing-fixtures';
import { pdfText } from '../support/pdf-text';
import { useStaffCore } from '../support/staff-core';

// Today in tests: Monday 30 November 2026. November is billed today, due 31 December.
const fixture = useStaffCore();
const db = () => fixture.core.db;
const DAYS: DaySpec[] = [
  ['RESTO', '2026-11-02', 'regular', 'present'],
  ['RESTO', '2026-11-03', 'regular', 'present'],
];

async function household(number: string, lastName: string, emailAllowed: boolean) {
  const { familyId } = await householdWithDays(db(), { number, lastName, email: `${lastName.toLowerCase()}@example.fr`, days: DAYS });
  await db()('family_adults').where({ family_id: familyId }).update({ email_allowed: emailAllowed });
  return familyId;
}

describe('the pre-notification day of a family on prélèvement', () => {
  it('is the due date, or 14 days after the invoice when the due date comes sooner', () => {
    expect(plannedCollectionDate('2026-11-30', '2026-12-31')).toBe('2026-12-31');
    expect(plannedCollectionDate('2026-11-30', '2026-11-30')).toBe('2026-12-14');
    expect(plannedCollectionDate('2027-02-20', '2027-02-28')).toBe('2027-03-06');
  });
});

describe('the new-invoice e-mail', () => {
  it('tells each family that accepts e-mails its invoice, and a family on prélèvement the day and account', async () => {
    const paysItself = await household('3001', 'ARNAUD', true);
    const onDirectDebit = await household('3002', 'BLANC', true);
    const noEmails = await household('3003', 'COLIN', false);
    const mandate = await fixture.staff('mandates.record', {
      familyId: onDirectDebit,
      signedOn: '2026-11-02',
      holder: 'Anne Blanc',
      iban: 'FR14 2004 1010 0505 0001 3M02 606',
      bic: 'PSSTFRPPXXX',
    });
    expect(mandate.ok).toBe(true);
    const issued = await fixture.staff('billing.issue', { month: '2026-11', familyIds: [paysItself, onDirectDebit, noEmails] });
    expect(issued.value).toMatchObject({ invoices: 3, emailed: 2 });
    const numberOf = async (familyId: number) => (await db()('invoices').where({ family_id: familyId }).first('number')).number;
    const mails = await db()('email_outbox')
      .whereIn('to_address', ['arnaud@example.fr', 'blanc@example.fr', 'colin@example.fr'])
      .orderBy('id')
      .select('to_address', 'subject', 'text_body');
    expect(mails.map((m) => m.to_address)).toEqual(['arnaud@example.fr', 'blanc@example.fr']);
    expect(mails[0]).toMatchObject({
      subject: `Votre facture ${await numberOf(paysItself)} de novembre 2026`,
      text_body: expect.stringContaining('à régler avant le 31/12/2026'),
    });
    expect(mails[1].text_body).toContain('Montant prélevé le 31/12/2026 sur le compte FR14 …2606 : vous n’avez rien à faire.');
    expect(mails[1].text_body).not.toContain('carte bancaire');
  });

  it('is matched by the invoice PDF: the debit day and mandate instead of PayFiP', async () => {
    const family = await db()('families').where({ family_number: '3002' }).first('id');
    const invoice = await db()('invoices').where({ family_id: family.id }).first('id');
    const text = await pdfText((await invoicesPdf(db(), [invoice.id], 'http://portail.test')).pdf);
    expect(text).toContain('Montant prélevé le 31/12/2026 sur le compte FR14 …2606');
    expect(text).toMatch(/Mandat SEPA n° PF-3002-1/);
    expect(text).not.toContain('payfip.gouv.fr');
  });
});
