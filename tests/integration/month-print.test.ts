import { beforeAll, describe, expect, it } from 'vitest';
import { INVOICES_PER_PRINT } from '../../shared/contracts/billing';
import { pdfText } from '../support/pdf-text';
import { useStaffCore } from '../support/staff-core';

const fixture = useStaffCore();
const staff = (name: string, input: unknown) => fixture.staff(name, input);
const MONTH = '2027-03';
const COUNT = INVOICES_PER_PRINT + 20;

const printedText = (base64: string) => pdfText(Buffer.from(base64, 'base64'));

beforeAll(async () => {
  const core = fixture.core;
  // A big month for one régie: more invoices than one printed part holds.
  const regie = await core.db('regies').orderBy('id').first('id', 'invoice_prefix');
  const families = (await core.db('families').orderBy('id').select('id')).map((f) => f.id);
  const start = Number((await core.db('invoices').where({ regie_id: regie.id }).max({ m: 'sequence' }).first())?.m ?? 0) + 1;
  const rows = Array.from({ length: COUNT }, (_, i) => ({
    regie_id: regie.id,
    family_id: families[i % families.length],
    sequence: start + i,
    number: `${regie.invoice_prefix}-${start + i}`,
    kind: 'invoice',
    period_month: MONTH,
    issued_on: '2027-04-05',
    due_on: '2027-04-30',
    total_cents: 1000 + i,
    status: 'issued',
    created_at: '2027-04-05T08:00:00.000Z',
  }));
  for (let i = 0; i < rows.length; i += 100) await core.db('invoices').insert(rows.slice(i, i + 100));
  await core
    .db('regies')
    .where({ id: regie.id })
    .update({ last_invoice_number: start + COUNT - 1 });
});

describe('an agent prints a month’s invoices', () => {
  it('gets a big month in parts, each its own PDF, in number order, the last part holding the rest', async () => {
    const first = await staff('invoices.pdf', { month: MONTH });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const value = first.value as { fileName: string; base64: string; count: number; part: number; parts: number; total: number };
    expect(value).toMatchObject({
      count: INVOICES_PER_PRINT,
      part: 1,
      parts: 2,
      total: COUNT,
      fileName: `factures-${MONTH}-partie-1-sur-2.pdf`,
    });

    const second = await staff('invoices.pdf', { month: MONTH, part: 2 });
    if (!second.ok) throw new Error(second.error.message);
    const last = second.value as typeof value;
    expect(last).toMatchObject({ count: COUNT - INVOICES_PER_PRINT, part: 2, parts: 2, total: COUNT });
    const numbers = await fixture.core.db('invoices').where({ period_month: MONTH }).orderBy('sequence').pluck('number');
    const text = await printedText(last.base64);
    expect(text).toContain(numbers[INVOICES_PER_PRINT]);
    expect(text).toContain(numbers[COUNT - 1]);
    // The first part's last number, not followed by another digit (GP-520 is not GP-52).
    expect(text).not.toMatch(new RegExp(`${numbers[INVOICES_PER_PRINT - 1]}(?!\\d)`));
  });

  it('is told plainly when it asks for a part the month does not have', async () => {
    const answer = await staff('invoices.pdf', { month: MONTH, part: 3 });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.message).toBe('Ce mois compte 2 partie(s) à imprimer : la partie 3 n’existe pas.');
  });

  it('cannot ask for more chosen invoices at once than a part holds', async () => {
    const ids = (
      await fixture.core
        .db('invoices')
        .where({ period_month: MONTH })
        .orderBy('id')
        .limit(INVOICES_PER_PRINT + 1)
        .pluck('id')
    ).map(Number);
    const answer = await staff('invoices.pdf', { invoiceIds: ids });
    expect(answer.ok).toBe(false);
  });
});
