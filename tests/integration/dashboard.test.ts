import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

// « Tableau de bord » on Monday 30 November 2026 (TEST_NOW): today, and Tuesday 1 December.
const fixture = useStaffCore();
const staff = fixture.staff;
const dashboard = async () => {
  const answer = await staff('dashboard.get', {});
  expect(answer.ok).toBe(true);
  return answer.value;
};
const canteenOn = (board: any, date: string) =>
  board.days.find((d: any) => d.date === date).services.find((s: any) => s.service === 'Restauration scolaire');

describe('an agent starts the day from the « Tableau de bord »', () => {
  it('shows today and the next working day, with the canteen’s children and the meals to order', async () => {
    const board = await dashboard();
    expect(board.days.map((d: any) => d.date)).toEqual(['2026-11-30', '2026-12-01']);
    const canteen = (await fixture.core.db('services').where({ code: 'RESTO' }).first('id')).id;
    const booked = await fixture.core
      .db('planning_days')
      .where({ service_id: canteen, date: '2026-12-01' })
      .whereIn('state', ['reserved', 'regular'])
      .count<{ n: number }[]>({ n: '*' })
      .first();
    expect(canteenOn(board, '2026-12-01')).toMatchObject({ expected: Number(booked!.n), meals: true, closed: false });
    expect(board.days[1].mealsToOrder).toBe(Number(booked!.n));
  });

  it('moves a child from expected to absences when the family declares an absence', async () => {
    const before = canteenOn(await dashboard(), '2026-12-01');
    const canteen = (await fixture.core.db('services').where({ code: 'RESTO' }).first('id')).id;
    const day = await fixture.core.db('planning_days').where({ service_id: canteen, date: '2026-12-01', state: 'regular' }).first('id');
    await fixture.core.db('planning_days').where({ id: day.id }).update({ state: 'absent_excused', absence_reason: 'Maladie' });
    const after = canteenOn(await dashboard(), '2026-12-01');
    expect(after.expected).toBe(before.expected - 1);
    expect(after.absences).toBe(before.absences + 1);
  });

  it('lists the oldest pending requests first, and counts them all', async () => {
    const board = await dashboard();
    const pending = await fixture.core.db('requests').where({ state: 'pending' }).orderBy(['created_at', 'id']).select('id');
    expect(board.pendingRequests.count).toBe(pending.length);
    expect(board.pendingRequests.oldest.map((r: any) => r.id)).toEqual(pending.slice(0, 5).map((r) => r.id));
    expect(board.pendingRequests.oldest[0].familyName).toMatch(/^[A-ZÉ]+ [A-ZÉ]+/);
  });

  it('counts the overdue invoices as the Impayés screen does', async () => {
    const board = await dashboard();
    const unpaid = await staff('unpaid.list', { page: 0, pageSize: 10 });
    const late = unpaid.value.byAge.filter((a: any) => a.age !== 'not_due');
    expect(board.overdueInvoices.count).toBe(late.reduce((n: number, a: any) => n + a.count, 0));
    expect(board.overdueInvoices.remainingCents).toBe(late.reduce((n: number, a: any) => n + a.remainingCents, 0));
  });

  it('warns of a service at 90 % of its places, and of a quotient ending within a month', async () => {
    // The busiest day of a Wednesday service in the next two weeks; its capacity set to what is booked.
    const busiest = await fixture.core
      .db('planning_days as d')
      .join('services as s', 's.id', 'd.service_id')
      .where('s.code', 'like', 'ALSH_MER%')
      .whereBetween('d.date', ['2026-11-30', '2026-12-14'])
      .whereIn('d.state', ['reserved', 'regular'])
      .groupBy('d.service_id', 's.name', 'd.date')
      .orderBy([{ column: 'n', order: 'desc' }, { column: 'd.date' }])
      .first('d.service_id', 's.name', 'd.date', fixture.core.db.raw('count(*) as n'));
    const booked = Number(busiest.n);
    expect(booked).toBeGreaterThan(0);
    await fixture.core.db('services').where({ id: busiest.service_id }).update({ capacity_per_day: booked });
    const martin = (await fixture.core.db('families').where({ family_number: '1001001010332' }).first('id')).id;
    await fixture.core
      .db('family_caf')
      .insert({ family_id: martin, quotient_familial: 640, quotient_valid_to: '2026-12-15', updated_at: '2026-01-10T09:00:00.000Z' })
      .onConflict('family_id')
      .merge(['quotient_valid_to']);
    const board = await dashboard();
    expect(board.nearCapacity).toContainEqual({
      serviceId: Number(busiest.service_id),
      service: busiest.name,
      date: busiest.date,
      booked,
      capacity: booked,
    });
    expect(board.quotientsExpiring.families).toContainEqual({ familyId: martin, familyName: 'MARTIN MARIE', validTo: '2026-12-15' });
    // Twice the places booked is far from full: no warning.
    await fixture.core
      .db('services')
      .where({ id: busiest.service_id })
      .update({ capacity_per_day: booked * 2 });
    expect((await dashboard()).nearCapacity.some((d: any) => d.serviceId === Number(busiest.service_id))).toBe(false);
  });
});
