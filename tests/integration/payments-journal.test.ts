import { describe, expect, it } from 'vitest';
import { openInvoices } from '../../shared/core/billing/payments';
import { pdfText } from '../support/pdf-text';
import { useStaffCore } from '../support/staff-core';

// The demo at Monday 30 November 2026: DUPONT paid GP-63 (74.55 €) by cheque n° 4455199.
const fixture = useStaffCore();
const staff = (name: string, input: unknown) => fixture.staff(name, input);
const schoolYear = { from: '2026-09-01', to: '2026-11-30' };
const chequeGp63 = async () => {
  const journal = (await staff('payments.journal', { ...schoolYear, type: 'cheque', pageSize: 100 })).value;
  return journal.rows.find((r: { invoices: string[]; amountCents: number }) => r.invoices.includes('GP-63') && r.amountCents > 0);
};

describe('« Règlements »: the payments of a period', () => {
  it('lists each payment with its family, mode, reference, invoices and régie, and totals by mode over the whole filter', async () => {
    const journal = (await staff('payments.journal', { ...schoolYear, pageSize: 5 })).value;
    expect(journal.rows).toHaveLength(5);
    expect(journal.total).toBeGreaterThan(5);
    expect(journal.totals.reduce((n: number, t: { count: number }) => n + t.count, 0)).toBe(journal.total);
    const all = await fixture.core.db('payments').whereBetween('paid_on', [schoolYear.from, schoolYear.to]).whereNot('status', 'rejected');
    expect(journal.totalCents).toBe(all.reduce((sum, p) => sum + Number(p.amount_cents), 0));
    expect(await chequeGp63()).toMatchObject({
      familyName: 'DUPONT JEAN',
      typeLabel: 'Chèque',
      reference: expect.stringContaining('4455199'),
      amountCents: 7455,
      regie: expect.any(String),
      cancelledByPaymentId: null,
    });
  });

  it('refuses a period upside down or longer than two years, and an impossible date', async () => {
    expect(await staff('payments.journal', { from: '2026-11-30', to: '2026-09-01' })).toMatchObject({
      ok: false,
      error: { type: 'validation' },
    });
    expect(await staff('payments.journal', { from: '2020-01-01', to: '2026-11-30' })).toMatchObject({
      ok: false,
      error: { type: 'validation' },
    });
    expect(await staff('payments.journal', { from: '2026-02-30', to: '2026-11-30' })).toMatchObject({
      ok: false,
      error: { type: 'validation' },
    });
  });
});

describe('cancelling a payment', () => {
  it('needs a reason, and is done once by an opposite entry however many agents click together', async () => {
    const cheque = await chequeGp63();
    expect(await staff('payments.cancel', { paymentId: cheque.id, reason: ' ' })).toMatchObject({
      ok: false,
      error: { type: 'validation' },
    });
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => staff('payments.cancel', { paymentId: cheque.id, reason: 'Chèque sans provision' })),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).map((a) => a.error.type)).toEqual(['conflict', 'conflict', 'conflict']);
    const entries = await fixture.core.db('payments').where({ cancels_payment_id: cheque.id });
    expect(entries).toEqual([expect.objectContaining({ amount_cents: -7455, type: 'cheque', cancel_reason: 'Chèque sans provision' })]);
  });

  it('re-opens what it settled, keeps both entries in the journal, and deducts from the totals', async () => {
    const family = (await fixture.core.db('invoices').where({ number: 'GP-63' }).first('family_id')).family_id;
    expect((await openInvoices(fixture.core.db, family)).find((i) => i.number === 'GP-63')).toMatchObject({ remainingCents: 7455 });
    const cheque = await chequeGp63();
    expect(cheque).toMatchObject({ cancelledByPaymentId: expect.any(Number), cancelReason: 'Chèque sans provision' });
    const journal = (await staff('payments.journal', { from: '2026-09-01', to: '2026-11-30', type: 'cheque', pageSize: 100 })).value;
    const opposite = journal.rows.find((r: { id: number }) => r.id === cheque.cancelledByPaymentId);
    expect(opposite).toMatchObject({
      amountCents: -7455,
      cancelsPaymentId: cheque.id,
      invoices: ['GP-63'],
      recordedBy: expect.any(String),
    });
    expect(journal.totals).toEqual([
      expect.objectContaining({
        type: 'cheque',
        amountCents: journal.rows.reduce((s: number, r: { amountCents: number }) => s + r.amountCents, 0),
      }),
    ]);
    expect(
      await fixture.core
        .db('audit_log')
        .where({ action: 'payments.cancel', entity_id: String(cheque.id) })
        .first(),
    ).toBeTruthy();
  });

  it('refuses to cancel a cancellation', async () => {
    const cheque = await chequeGp63();
    expect(await staff('payments.cancel', { paymentId: cheque.cancelledByPaymentId, reason: 'Erreur' })).toMatchObject({
      ok: false,
      error: { type: 'conflict', message: 'Une annulation ne s’annule pas : enregistrez un nouveau règlement.' },
    });
  });
});

describe('recording a payment at the counter', () => {
  /** A demo family owing invoices to two régies (the canteen's and the leisure centre's). */
  const familyOwingTwoRegies = async () => {
    const rows = await fixture.core.db('families').select('id').orderBy('id');
    for (const { id } of rows) {
      const groups = (await staff('payments.openInvoices', { familyId: id })).value;
      if (groups.length > 1) return { familyId: id as number, groups };
    }
    throw new Error('aucune famille ne doit à deux régies');
  };

  it('asks which régie it pays when the family owes to several, and never settles across régies', async () => {
    const { familyId, groups } = await familyOwingTwoRegies();
    const payment = { familyId, type: 'virement', amountCents: 100_000, paidOn: '2026-11-30', reference: 'Virement du 30/11' };
    expect(await staff('payments.record', payment)).toMatchObject({
      ok: false,
      error: { type: 'validation', fields: { regieId: 'Choisissez la régie.' } },
    });
    const mixed = [groups[0].invoices[0].id, groups[1].invoices[0].id];
    expect(await staff('payments.record', { ...payment, invoiceIds: mixed })).toMatchObject({
      ok: false,
      error: { type: 'validation', fields: { invoiceIds: 'Factures de plusieurs régies.' } },
    });
    const [first, second] = groups;
    const recorded = await staff('payments.record', { ...payment, regieId: second.regieId });
    expect(recorded.ok).toBe(true);
    // Every open invoice of that régie settled, oldest first; the rest is credit, the other régie untouched.
    expect(recorded.value.allocations.map((a: { number: string }) => a.number)).toEqual(
      second.invoices.map((i: { number: string }) => i.number),
    );
    const after = (await staff('payments.openInvoices', { familyId })).value;
    expect(after).toEqual([first]);
    const row = (await fixture.core.db('payments').where({ id: recorded.value.paymentId }).first('regie_id')).regie_id;
    expect(Number(row)).toBe(second.regieId);
  });

  it('settles only the invoices the agent left ticked', async () => {
    // Another family owing to two régies (the first paid one of them above).
    const { familyId, groups } = await familyOwingTwoRegies();
    const group = groups.find((g: { invoices: unknown[] }) => g.invoices.length > 1) ?? groups[0];
    const chosen = group.invoices.at(-1);
    const recorded = await staff('payments.record', {
      familyId,
      type: 'cheque',
      amountCents: chosen.remainingCents,
      paidOn: '2026-11-30',
      reference: 'Chèque n° 1234567',
      regieId: group.regieId,
      invoiceIds: [chosen.id],
    });
    expect(recorded.value.allocations).toEqual([{ invoiceId: chosen.id, number: chosen.number, amountCents: chosen.remainingCents }]);
    expect(recorded.value.creditCents).toBe(0);
  });
});

describe('a cash payment', () => {
  it('gets a receipt numbered per régie, without gaps, even when four are recorded at once', async () => {
    const families = (await fixture.core.db('families').orderBy('id').limit(4).select('id')).map((f) => Number(f.id));
    const regie = await fixture.core.db('regies').orderBy('id').first('id', 'invoice_prefix', 'receipt_counter');
    const recorded = await Promise.all(
      families.map((familyId) =>
        staff('payments.record', { familyId, type: 'especes', amountCents: 1000, paidOn: '2026-11-30', regieId: regie.id, invoiceIds: [] }),
      ),
    );
    expect(recorded.every((r) => r.ok)).toBe(true);
    const numbers = recorded.map((r) => r.value.receiptNumber).sort((a, b) => a - b);
    const first = Number(regie.receipt_counter) + 1;
    expect(numbers).toEqual([first, first + 1, first + 2, first + 3]);
    // The receipt names its number, the payer, the sum and the régie.
    const receipt = (await staff('payments.receipt', { id: recorded[0].value.paymentId })).value;
    const text = await pdfText(Buffer.from(receipt.base64, 'base64'));
    expect(text).toContain(`Reçu n° R-${regie.invoice_prefix}-${String(recorded[0].value.receiptNumber).padStart(6, '0')}`);
    expect(text).toContain('La somme de 10.00 €, par espèces');
    expect(receipt.fileName).toMatch(/^recu-r-[a-z]+-\d{6}\.pdf$/);
  });

  it('needs the régie that takes the cash when the family owes nothing', async () => {
    const paidUp = await fixture.core.db('families').orderBy('id').select('id');
    for (const { id } of paidUp) {
      if ((await staff('payments.openInvoices', { familyId: id })).value.length) continue;
      expect(await staff('payments.record', { familyId: id, type: 'especes', amountCents: 500, paidOn: '2026-11-30' })).toMatchObject({
        ok: false,
        error: { type: 'validation', fields: { regieId: 'Choisissez la régie.' } },
      });
      return;
    }
    throw new Error('aucune famille à jour de ses factures');
  });
});

describe('cash at the counter', () => {
  it('is received today, 300 € at most, and its receipt says when it was cancelled', async () => {
    const [family] = await fixture.core.db('families').orderBy('id').limit(1).select('id');
    const regie = await fixture.core.db('regies').orderBy('id').first('id');
    const cash = { familyId: family.id, type: 'especes', regieId: regie.id, invoiceIds: [] };
    expect(await staff('payments.record', { ...cash, amountCents: 30_001, paidOn: '2026-11-30' })).toMatchObject({
      ok: false,
      error: { fields: { amountCents: '300 € au plus en espèces.' } },
    });
    expect(await staff('payments.record', { ...cash, amountCents: 2000, paidOn: '2026-11-29' })).toMatchObject({
      ok: false,
      error: { fields: { paidOn: 'Date du jour attendue.' } },
    });
    const recorded = (await staff('payments.record', { ...cash, amountCents: 2000, paidOn: '2026-11-30' })).value;
    await staff('payments.cancel', { paymentId: recorded.paymentId, reason: 'Erreur de famille' });
    const copy = (await staff('payments.receipt', { id: recorded.paymentId, copy: true })).value;
    const text = await pdfText(Buffer.from(copy.base64, 'base64'));
    expect(text).toContain('DUPLICATA');
    expect(text).toContain('ANNULÉ le 30/11/2026 — Erreur de famille');
  });
});
