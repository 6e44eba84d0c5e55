import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountStatement } from '../../shared/core/billing/statement';
import { pdfText } from '../support/pdf-text';
import { createTestCore, TEST_NOW, type TestCore } from '../support/test-app';
import { TestClock } from '../support/test-clock';

// The demo billed September (due 30 November) and October (due 31 December); the régie's
// clock then moves to 10 December, when September's unpaid invoices are ten days overdue.
let core: TestCore;
let clock: TestClock;
let session: string;
beforeAll(async () => {
  clock = new TestClock(TEST_NOW);
  core = await createTestCore({ clock });
  await advanceDays(10);
});

/** Days go by; the agent logs in again (a staff session does not last days). */
async function advanceDays(days: number) {
  clock.advanceMinutes(days * 24 * 60);
  const login = await core.dispatch({
    name: 'auth.login',
    input: { username: 'agent', password: 'Mairie2015' },
    sessionToken: null,
    source: 'test',
  });
  session = login.sessionToken!;
}
afterAll(async () => {
  await core?.destroy();
});

const staff = async (name: string, input: unknown): Promise<any> =>
  (await core.dispatch({ name, input, sessionToken: session, source: 'test' })).response;

describe('« Impayés »', () => {
  it('lists the invoices still due by age, with the counts and sums by age over the filter', async () => {
    const all = (await staff('unpaid.list', { pageSize: 100 })).value;
    const ages = Object.fromEntries(all.byAge.map((a: { age: string; count: number }) => [a.age, a.count]));
    expect(ages.overdue).toBeGreaterThan(0);
    expect(ages.not_due).toBeGreaterThan(0);
    expect(ages.past_online_window).toBeUndefined();
    const overdue = (await staff('unpaid.list', { age: 'overdue', pageSize: 100 })).value;
    expect(overdue.total).toBe(ages.overdue);
    expect(overdue.rows.every((r: { dueOn: string; daysOverdue: number }) => r.dueOn === '2026-11-30' && r.daysOverdue === 10)).toBe(true);
  });
});

describe('the family’s statement', () => {
  it('marks an invoice past its due date with something left to pay as « en retard »', async () => {
    const [late] = (await staff('unpaid.list', { age: 'overdue', pageSize: 1 })).value.rows;
    const statement = await accountStatement(core.db, late.familyId, '2026-2027', '2026-12-10');
    expect(statement.invoices.find((i) => i.number === late.number)).toMatchObject({ overdue: true });
    expect(statement.invoices.filter((i) => i.remainingCents === 0).every((i) => !i.overdue)).toBe(true);
  });
});

describe('reminders', () => {
  it('are not sent for an invoice not yet due', async () => {
    const [notDue] = (await staff('unpaid.list', { age: 'not_due', pageSize: 1 })).value.rows;
    const sent = (await staff('reminders.send', { invoiceIds: [notDue.id] })).value;
    expect(sent.skipped).toEqual([{ number: notDue.number, reason: 'Pas encore échue.' }]);
  });

  it('send the first reminder of each chosen overdue invoice once, even when two agents send them together', async () => {
    const overdue = (await staff('unpaid.list', { age: 'overdue', pageSize: 3 })).value.rows;
    const ids = overdue.map((r: { id: number }) => r.id);
    const [first, second] = await Promise.all([staff('reminders.send', { invoiceIds: ids }), staff('reminders.send', { invoiceIds: ids })]);
    expect(first.ok && second.ok).toBe(true);
    expect(first.value.emailed + first.value.letters + second.value.emailed + second.value.letters).toBe(3);
    const rows = await core.db('invoice_reminders').whereIn('invoice_id', ids);
    expect(rows.map((r) => r.level)).toEqual([1, 1, 1]);
    const mails = await core.db('email_outbox').where('subject', 'like', '1re relance — facture %');
    expect(mails.length).toBe(rows.filter((r) => r.channel === 'email').length);
    expect(mails[0].text_body).toMatch(/reste à régler pour \d+\.\d\d €/);
    const listed = (await staff('unpaid.list', { age: 'overdue', pageSize: 3 })).value.rows;
    expect(listed.map((r: { reminderLevel: number; lastReminderOn: string }) => [r.reminderLevel, r.lastReminderOn])).toEqual(
      Array(3).fill([1, '2026-12-10']),
    );
  });

  it('go by letter to a family that has an address but does not accept e-mails', async () => {
    const rows = (await staff('unpaid.list', { age: 'overdue', pageSize: 100 })).value.rows;
    const withAddress = await core.db('family_adults').where({ role: 'responsable' }).whereNot({ email: '' }).pluck('family_id');
    const fresh = rows.find((r: { reminderLevel: number; familyId: number }) => r.reminderLevel === 0 && withAddress.includes(r.familyId));
    await core.db('family_adults').where({ family_id: fresh.familyId, role: 'responsable' }).update({ email_allowed: false });
    const sent = (await staff('reminders.send', { invoiceIds: [fresh.id] })).value;
    expect(sent).toMatchObject({ emailed: 0, letters: 1, skipped: [] });
  });

  it('wait two weeks before the next level, and stop after the last notice', async () => {
    const [invoice] = (await staff('unpaid.list', { age: 'overdue', pageSize: 1 })).value.rows;
    const again = (await staff('reminders.send', { invoiceIds: [invoice.id] })).value;
    expect(again.skipped).toEqual([
      { number: invoice.number, reason: 'Relance précédente envoyée le 10/12/2026 : la suivante est possible à partir du 24/12/2026.' },
    ]);
    for (const level of [2, 3]) {
      await advanceDays(14);
      const sent = (await staff('reminders.send', { invoiceIds: [invoice.id], channel: 'letter' })).value;
      expect(sent).toMatchObject({ letters: 1, emailed: 0, skipped: [] });
      const text = await pdfText(Buffer.from(sent.lettersPdf.base64, 'base64'));
      expect(text).toContain(
        level === 2
          ? `2e relance — facture ${invoice.number}`
          : `Dernier avis avant transmission à la trésorerie — facture ${invoice.number}`,
      );
    }
    await advanceDays(14);
    expect((await staff('reminders.send', { invoiceIds: [invoice.id] })).value.skipped[0].reason).toBe(
      'Dernier avis déjà envoyé : la facture est à transmettre à la trésorerie.',
    );
    const history = (await staff('reminders.ofFamily', { familyId: invoice.familyId })).value;
    expect(
      history
        .filter((h: { invoiceNumber: string }) => h.invoiceNumber === invoice.number)
        .map((h: { level: number; channel: string }) => [h.level, h.channel]),
    ).toEqual([
      [3, 'letter'],
      [2, 'letter'],
      [1, expect.any(String)],
    ]);
  });
});
