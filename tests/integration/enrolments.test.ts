import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

const fixture = useStaffCore();
const staff = (name: string, input: unknown) => fixture.staff(name, input);
const ids = async () => ({
  tom: (await fixture.core.db('children').where({ first_name: 'TOM' }).first('id')).id as number,
  garderie: (await fixture.core.db('services').where({ code: 'GARD_MATIN' }).first('id')).id as number,
});

describe('enrolling a child in a service', () => {
  it('fills the planning with the regular days, from today, outside holidays and public holidays', async () => {
    const { tom, garderie } = await ids();
    const result = await staff('enrolments.create', {
      childId: tom,
      serviceId: garderie,
      startsOn: '2026-11-02',
      endsOn: '2027-07-02',
      regularWeekdays: [2, 4],
    });
    expect(result.ok).toBe(true);
    expect(result.value.find((e: any) => e.serviceId === garderie)).toMatchObject({ regularWeekdays: [2, 4], startsOn: '2026-11-02' });
    const days = (
      await fixture.core.db('planning_days').where({ child_id: tom, service_id: garderie }).orderBy('date').select('date', 'state')
    ).map((d) => d.date as string);
    expect(days[0]).toBe('2026-12-01'); // today is Monday 30 November: no day in the past is created
    expect(days).toContain('2026-12-17');
    expect(days.some((d) => d >= '2026-12-19' && d <= '2027-01-03')).toBe(false); // Noël holidays
    expect(days).not.toContain('2027-05-06'); // Ascension, a Thursday
    expect(days.every((d) => [2, 4].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))).toBe(true);
  });

  it('refuses a second enrolment in the same service over the same period', async () => {
    const { tom, garderie } = await ids();
    expect(
      await staff('enrolments.create', {
        childId: tom,
        serviceId: garderie,
        startsOn: '2027-01-04',
        endsOn: '2027-02-01',
        regularWeekdays: [1],
      }),
    ).toMatchObject({ ok: false, error: { type: 'conflict' } });
  });

  it('ends an enrolment: the regular days after the end leave the planning', async () => {
    const { tom, garderie } = await ids();
    const enrolment = (await staff('enrolments.list', { id: tom })).value.find((e: any) => e.serviceId === garderie);
    await staff('enrolments.end', { id: enrolment.id, endsOn: '2026-12-31' });
    const last = await fixture.core
      .db('planning_days')
      .where({ child_id: tom, service_id: garderie })
      .max<{ m: string }[]>({ m: 'date' })
      .first();
    expect(last!.m).toBe('2026-12-17');
    expect(
      await staff('enrolments.create', { childId: tom, serviceId: garderie, startsOn: '2026-12-01', endsOn: '2026-11-01' }),
    ).toMatchObject({ ok: false, error: { type: 'validation', fields: { endsOn: 'La fin doit suivre le début.' } } });
  });

  it('ends an enrolment on a day already billed (a month is billed up to today): that day stays, held by its invoice', async () => {
    const { tom, garderie } = await ids();
    const db = fixture.core.db;
    const enrolment = (await staff('enrolments.list', { id: tom })).value.find((e: any) => e.serviceId === garderie);
    const { family_id: familyId } = await db('children').where({ id: tom }).first('family_id');
    await db('planning_days').insert({
      child_id: tom,
      service_id: garderie,
      date: '2026-11-30',
      enrolment_id: enrolment.id,
      state: 'regular',
      updated_at: '2026-11-30T07:00:00.000Z',
    });
    expect((await staff('billing.issue', { month: '2026-11', familyIds: [familyId] })).ok).toBe(true);
    const today = await db('planning_days').where({ child_id: tom, service_id: garderie, date: '2026-11-30' }).first('id');
    const held = await db('planning_day_invoices').where({ planning_day_id: today.id }).first('invoice_id');
    expect(held).toBeTruthy();
    expect((await staff('enrolments.end', { id: enrolment.id, endsOn: '2026-11-29' })).ok).toBe(true);
    expect(await db('planning_days').where({ id: today.id }).first('state')).toEqual({ state: 'regular' });
    expect(await db('planning_day_invoices').where({ planning_day_id: today.id }).first('invoice_id')).toEqual(held);
  });
});
