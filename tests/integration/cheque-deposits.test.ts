import { beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text';
import { useStaffCore } from '../support/staff-core';

// The demo at Monday 30 November 2026, with cheques and cash recorded at the counter by the test.
const fixture = useStaffCore();
const staff = (name: string, input: unknown) => fixture.staff(name, input);
let regie: { id: number; invoice_prefix: string };
beforeAll(async () => {
  regie = await fixture.core.db('regies').orderBy('id').first('id', 'invoice_prefix');
  const families = (await fixture.core.db('families').orderBy('id').limit(5).select('id')).map((f) => Number(f.id));
  for (const [i, familyId] of families.entries()) {
    for (const type of ['cheque', 'especes']) {
      const recorded = await staff('payments.record', {
        familyId,
        type,
        amountCents: 1000 + i * 100,
        paidOn: '2026-11-30',
        reference: type === 'cheque' ? `Chèque n° 90${i}` : '',
        regieId: regie.id,
        invoiceIds: [],
      });
      if (!recorded.ok) throw new Error(JSON.stringify(recorded));
    }
  }
});

describe('« Bordereau de remise de chèques »', () => {
  it('lists the régie’s cheques not yet deposited, and deposits those chosen under the next number, once', async () => {
    const pending = (await staff('cheques.pending', { regieId: regie.id })).value;
    const ours = pending.filter((c: { reference: string }) => c.reference.startsWith('Chèque n° 90'));
    expect(ours).toHaveLength(5);
    const chosen = ours.slice(0, 3).map((c: { id: number }) => c.id);
    // Two agents make the same bordereau at once: one is made, the other is told to reload.
    const answers = await Promise.all([
      staff('cheques.deposit', { regieId: regie.id, paymentIds: chosen, depositedOn: '2026-11-30' }),
      staff('cheques.deposit', { regieId: regie.id, paymentIds: chosen, depositedOn: '2026-11-30' }),
    ]);
    const made = answers.filter((a) => a.ok);
    expect(made).toHaveLength(1);
    expect(answers.find((a) => !a.ok)).toMatchObject({ error: { type: 'conflict' } });
    expect(made[0].value).toMatchObject({
      number: 1,
      label: `BRC-${regie.invoice_prefix}-000001`,
      chequeCount: 3,
      totalCents: 1000 + 1100 + 1200,
    });
    const left = (await staff('cheques.pending', { regieId: regie.id })).value.map((c: { id: number }) => c.id);
    expect(left.filter((id: number) => chosen.includes(id))).toEqual([]);
    // The next bordereau takes number 2: the refused one left no gap.
    const next = await staff('cheques.deposit', { regieId: regie.id, paymentIds: [ours[3].id], depositedOn: '2026-11-30' });
    expect(next.value.number).toBe(2);
  });

  it('prints the bordereau with every cheque, the count and the total', async () => {
    const [deposit] = (await staff('cheques.deposits', { regieId: regie.id })).value.slice(-1);
    const file = (await staff('cheques.depositPdf', { id: deposit.id })).value;
    const text = await pdfText(Buffer.from(file.base64, 'base64'));
    expect(text).toContain(`Bordereau de remise de chèques n° BRC-${regie.invoice_prefix}-000001`);
    expect(text).toContain('Chèque n° 900');
    expect(text).toContain('Nombre de chèques : 3');
    expect(text).toContain('Total de la remise : 33.00 €');
  });

  it('refuses a cheque of another régie, a cancelled one, a date to come, and an empty choice', async () => {
    const other = await fixture.core.db('regies').whereNot({ id: regie.id }).first('id');
    const [cheque] = (await staff('cheques.pending', { regieId: regie.id })).value;
    expect(await staff('cheques.deposit', { regieId: other.id, paymentIds: [cheque.id], depositedOn: '2026-11-30' })).toMatchObject({
      ok: false,
      error: { type: 'conflict' },
    });
    expect(await staff('cheques.deposit', { regieId: regie.id, paymentIds: [cheque.id], depositedOn: '2026-12-01' })).toMatchObject({
      ok: false,
      error: { type: 'validation' },
    });
    expect(await staff('cheques.deposit', { regieId: regie.id, paymentIds: [], depositedOn: '2026-11-30' })).toMatchObject({
      ok: false,
      error: { type: 'validation' },
    });
    await staff('payments.cancel', { paymentId: cheque.id, reason: 'Chèque non signé, rendu à la famille' });
    expect((await staff('cheques.pending', { regieId: regie.id })).value.map((c: { id: number }) => c.id)).not.toContain(cheque.id);
  });
});

describe('« Journal de caisse »', () => {
  it('lists the régie’s cash with its receipt numbers, and its total is the « Espèces » total of « Règlements »', async () => {
    const period = { regieId: regie.id, from: '2026-11-01', to: '2026-11-30' };
    const journal = (await staff('cash.journal', period)).value;
    expect(
      journal.lines.filter((l: { receipt: string }) => l.receipt.startsWith(`R-${regie.invoice_prefix}-`)).length,
    ).toBeGreaterThanOrEqual(5);
    const payments = (
      await staff('payments.journal', { from: period.from, to: period.to, type: 'especes', regieId: regie.id, pageSize: 100 })
    ).value;
    expect(journal.totalCents).toBe(payments.totalCents);
    expect(journal.lines).toHaveLength(payments.total);
    const file = (await staff('cash.journalPdf', period)).value;
    const text = await pdfText(Buffer.from(file.base64, 'base64'));
    expect(text).toContain('Journal de caisse');
    expect(text).toContain(`Total des espèces : ${(journal.totalCents / 100).toFixed(2)} €`);
  });
});
