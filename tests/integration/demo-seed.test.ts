import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, today } from '../../shared/core/clock';
import { regularDays } from '../../shared/core/enrolments/service';
import { billedAs, dueDate, lineDetails, type BilledCounts } from '../../shared/domain/billing-rules';
import { isoWeekday } from '../../shared/domain/french-dates';
import { publicHolidaysBetween } from '../../shared/core/planning/public-holidays';
import { createTestCore, type TestCore } from '../support/test-app';

// The demo is built from the day it starts on: whatever that day, what a parent sees must hold
// together. Each date below is one where naive date code goes wrong.
const DATES = [
  ['the first day of the school year', '2026-09-01T06:00:00.000Z'],
  ['the middle of a month, a Sunday', '2026-11-15T10:00:00.000Z'],
  ['the last evening of a month in UTC, already the 1st in Paris', '2026-11-30T23:30:00.000Z'],
  ['the last day of a month, a Sunday evening in Paris', '2027-01-31T20:00:00.000Z'],
  ['a day of the Christmas holidays', '2026-12-24T12:00:00.000Z'],
  ['a day of the summer holidays before the rentrée, the coming year shipped', '2026-08-20T10:00:00.000Z'],
  ['a Sunday of the summer holidays, the school year over', '2027-07-25T12:00:00.000Z'],
  ['29 February 2028, past the shipped calendar', '2028-02-29T12:00:00.000Z'],
] as const;

describe.each(DATES)('a demo built on %s', (_, instant) => {
  let core: TestCore;
  let todayIso: string;
  beforeAll(async () => {
    const clock = fixedClock(instant);
    todayIso = today(clock);
    core = await createTestCore({ clock });
  });
  afterAll(async () => {
    await core?.destroy();
  });

  /** Every day the service runs at all during the school year (its own weekdays, its periods). */
  const runningDays = async (serviceId: number) => {
    const service = await core.db('services').where({ id: serviceId }).first('weekdays');
    const year = await core.db('enrolments').where({ service_id: serviceId }).min({ from: 'starts_on' }).max({ to: 'ends_on' }).first();
    if (!year?.from) return new Set<string>();
    return new Set(
      await core.db.transaction((trx) => regularDays(trx, serviceId, String(service.weekdays).split(',').map(Number), year.from, year.to)),
    );
  };

  it('bills on every invoice line exactly the days the planning marks with it, as its text says', async () => {
    const lines = await core.db('invoice_lines as l').join('invoices as i', 'i.id', 'l.invoice_id').select('l.*', 'i.period_month');
    for (const line of lines) {
      const days = await core
        .db('planning_days as p')
        .join('planning_day_invoices as held', 'held.planning_day_id', 'p.id')
        .where({ 'held.invoice_id': line.invoice_id, 'p.child_id': line.child_id, 'p.service_id': line.service_id })
        .select('p.date', 'p.state', 'p.attendance');
      const counts: BilledCounts = { present: 0, absent_billed: 0, unchecked: 0 };
      for (const day of days) {
        const billed = billedAs(day);
        expect(billed, `${line.label} ${day.date}`).not.toBeNull();
        counts[billed!] += 1;
        expect(day.date.slice(0, 7)).toBe(line.period_month);
      }
      expect({ label: line.label, quantity: line.quantity, details: line.details }).toEqual({
        label: line.label,
        quantity: days.length,
        details: lineDetails(counts),
      });
      expect(line.amount_cents).toBe(line.quantity * line.unit_price_cents);
    }
    const invoices = await core.db('invoices').select('id', 'total_cents');
    for (const invoice of invoices) {
      const sum = await core.db('invoice_lines').where({ invoice_id: invoice.id }).sum({ s: 'amount_cents' }).first();
      expect(Number(sum?.s)).toBe(invoice.total_cents);
    }
  });

  it('leaves no billable day of a billed month unbilled', async () => {
    const months = (await core.db('invoices').distinct('period_month')).map((r) => r.period_month as string);
    for (const month of months) {
      const days = await core
        .db('planning_days as p')
        .leftJoin('planning_day_invoices as held', 'held.planning_day_id', 'p.id')
        .whereNull('held.invoice_id')
        .where('p.date', 'like', `${month}-%`)
        .select('p.date', 'p.state', 'p.attendance');
      expect(days.filter((d) => billedAs(d) !== null)).toEqual([]);
    }
  });

  it('issues one invoice per family, régie and month, dated by today, due by the commune’s own rule', async () => {
    const rule = (await core.db('commune_settings').first('invoice_due_rule')).invoice_due_rule;
    const invoices = await core
      .db('invoices')
      .where({ kind: 'invoice' })
      .select('family_id', 'regie_id', 'period_month', 'issued_on', 'due_on');
    expect(new Set(invoices.map((i) => `${i.family_id}|${i.regie_id}|${i.period_month}`)).size).toBe(invoices.length);
    for (const invoice of invoices) {
      expect(invoice.issued_on <= todayIso).toBe(true);
      expect(invoice.issued_on > invoice.period_month).toBe(true);
      expect(invoice.due_on).toBe(dueDate(invoice.issued_on, rule));
    }
    const payments = await core.db('payments').max({ last: 'paid_on' }).first();
    if (payments?.last) expect(payments.last <= todayIso).toBe(true);
    // Each régie numbers its invoices 1, 2, 3… without a gap.
    for (const regie of await core.db('regies').select('id', 'last_invoice_number')) {
      const sequences = (await core.db('invoices').where({ regie_id: regie.id }).orderBy('sequence').pluck('sequence')).map(Number);
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
      expect(Number(regie.last_invoice_number)).toBe(sequences.length);
    }
  });

  it('dates every request, payment and message by now, each decision after its request, each pending one ahead', async () => {
    for (const r of await core.db('requests').select('state', 'created_at', 'decided_at', 'proposed_json', 'category')) {
      expect(r.created_at <= instant).toBe(true);
      if (r.decided_at) expect(r.decided_at >= r.created_at && r.decided_at <= instant).toBe(true);
      const dates: string[] = JSON.parse(r.proposed_json).dates ?? [];
      if (r.state === 'pending') expect(dates.every((d) => d > todayIso)).toBe(true);
      if (r.state === 'accepted') expect(dates.every((d) => d > r.created_at.slice(0, 10))).toBe(true);
    }
    for (const m of await core.db('messages').select('created_at')) expect(m.created_at <= instant).toBe(true);
    for (const p of await core.db('payments').select('paid_on')) expect(p.paid_on < todayIso).toBe(true);
  });

  it('follows the money in its past: one signed mandate, batches confirmed after their date, reminders of overdue invoices', async () => {
    const mandates = await core.db('sepa_mandates').where({ status: 'active' }).select('signed_on');
    expect(mandates).toHaveLength(1);
    expect(mandates[0].signed_on <= todayIso).toBe(true);
    for (const batch of await core.db('sepa_batches').select('collection_date', 'status', 'created_at', 'confirmed_at')) {
      expect(batch.created_at <= instant && batch.created_at.slice(0, 10) < batch.collection_date).toBe(true);
      if (batch.status === 'confirmed') expect(batch.confirmed_at <= instant && batch.collection_date < todayIso).toBe(true);
    }
    const reminders = await core.db('invoice_reminders as r').join('invoices as i', 'i.id', 'r.invoice_id').select('r.sent_at', 'i.due_on');
    for (const r of reminders) expect(r.sent_at <= instant && r.due_on < r.sent_at.slice(0, 10)).toBe(true);
    // From January the demo has months enough for a debit collected and a family reminded.
    if (todayIso >= '2027-01-01') {
      expect(reminders.length).toBeGreaterThan(0);
      expect(await core.db('sepa_batches').where({ status: 'confirmed' }).first()).toBeTruthy();
    }
    expect(await core.db('email_outbox').whereNot({ status: 'sent' }).first()).toBeUndefined();
  });

  it('fills each enrolment’s regular days up to its end, marks attendance only on the days lived', async () => {
    const enrolments = await core
      .db('enrolments')
      .whereNot('regular_weekdays', '')
      .select('id', 'child_id', 'service_id', 'starts_on', 'ends_on', 'regular_weekdays');
    expect(enrolments.length).toBeGreaterThan(6);
    for (const e of enrolments) {
      const expected = await core.db.transaction((trx) =>
        regularDays(trx, e.service_id, String(e.regular_weekdays).split(',').map(Number), e.starts_on, e.ends_on),
      );
      const planned = new Set(
        (await core.db('planning_days').where({ child_id: e.child_id, service_id: e.service_id }).pluck('date')) as string[],
      );
      expect(expected.filter((d) => !planned.has(d))).toEqual([]);
    }
    expect(await core.db('planning_days').where('date', '>=', todayIso).whereNotNull('attendance').first()).toBeUndefined();
  });

  it('books, marks and asks only for days the service runs, and closes only on working days', async () => {
    for (const service of await core.db('services').select('id', 'code')) {
      const running = await runningDays(service.id);
      const days = (await core.db('planning_days').where({ service_id: service.id }).pluck('date')) as string[];
      expect({ service: service.code, off: days.filter((d) => !running.has(d)) }).toEqual({ service: service.code, off: [] });
      for (const request of await core.db('requests').whereIn('category', ['reservation', 'absence']).select('proposed_json')) {
        const proposed = JSON.parse(request.proposed_json) as { serviceCode: string; dates: string[] };
        if (proposed.serviceCode === service.code) expect(proposed.dates.filter((d) => !running.has(d))).toEqual([]);
      }
    }
    const closures = await core.db('closures').select('starts_on', 'ends_on');
    expect(closures.length).toBe(1);
    const publicHolidays = await publicHolidaysBetween(core.db, '2026-01-01', '2028-12-31');
    for (const closure of closures) {
      expect([1, 2, 4, 5]).toContain(isoWeekday(closure.starts_on)); // a day of school and périscolaire
      expect(publicHolidays.has(closure.starts_on)).toBe(false);
      const holiday = await core
        .db('holidays')
        .whereIn('zone', ['B', '*'])
        .where('starts_on', '<=', closure.starts_on)
        .where('ends_on', '>=', closure.starts_on)
        .first();
      expect(holiday).toBeUndefined();
      expect(await core.db('planning_days').where({ date: closure.starts_on }).first()).toBeUndefined();
    }
  });
});
