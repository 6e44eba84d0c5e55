import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

// The statistics read tallies the planning's triggers keep (migration 34). Whatever writes the
// planning — a roll call, a booking, a day deleted, a child's birth date corrected, a child
// removed — the tallies must be what counting the days afresh gives. The count here is done in
// JavaScript from the days themselves, not with the migration's SQL, so that it checks it.
const fixture = useStaffCore();
const staff = (name: string, input: unknown) => fixture.staff(name, input);
const BOOKED = new Set(['reserved', 'regular']);

function ageBand(day: string, birth: string): number {
  const age = Number(day.slice(0, 4)) - Number(birth.slice(0, 4)) - (day.slice(5) < birth.slice(5, 10) ? 1 : 0);
  return age < 3 ? 0 : age < 6 ? 1 : age < 12 ? 2 : 3;
}

/** The tallies as counting every day of the planning gives them: `month|service|child|band` → `present/booked`. */
async function countedFromTheDays(): Promise<Map<string, string>> {
  const days = await fixture.core
    .db('planning_days as p')
    .join('children as c', 'c.id', 'p.child_id')
    .select('p.date', 'p.service_id', 'p.child_id', 'p.state', 'p.attendance', 'c.birth_date');
  const counts = new Map<string, { present: number; booked: number }>();
  for (const d of days) {
    const present = d.attendance === 'present' ? 1 : 0;
    const booked = BOOKED.has(d.state) ? 1 : 0;
    if (present + booked === 0) continue;
    const key = `${d.date.slice(0, 7)}|${d.service_id}|${d.child_id}|${ageBand(d.date, d.birth_date)}`;
    const count = counts.get(key) ?? { present: 0, booked: 0 };
    count.present += present;
    count.booked += booked;
    counts.set(key, count);
  }
  return new Map([...counts].map(([key, c]) => [key, `${c.present}/${c.booked}`]));
}

/** The tallies as the triggers kept them; a row left at zero is no figure. */
async function keptTallies(): Promise<Map<string, string>> {
  const rows = await fixture.core.db('attendance_tallies').where((q) => q.where('present', '>', 0).orWhere('booked', '>', 0));
  return new Map(rows.map((t) => [`${t.month}|${t.service_id}|${t.child_id}|${t.band}`, `${t.present}/${t.booked}`]));
}

async function expectTalliesToMatchTheDays() {
  const expected = await countedFromTheDays();
  expect(expected.size).toBeGreaterThan(100); // the demo's year of planning
  expect(await keptTallies()).toEqual(expected);
  // Never below zero: a day taken off is one that was counted.
  expect(await fixture.core.db('attendance_tallies').where('present', '<', 0).orWhere('booked', '<', 0)).toEqual([]);
}

const canteenId = async () => Number((await fixture.core.db('services').where({ code: 'RESTO' }).first('id')).id);
const childNamed = async (first: string) =>
  (await fixture.core.db('children').where({ first_name: first }).first('id', 'family_id', 'birth_date'))!;

describe('the attendance tallies behind « Statistiques »', () => {
  it('hold what the demo’s planning counts, from the migration on', async () => {
    await expectTalliesToMatchTheDays();
  });

  it('follow the roll call: a child marked present, then corrected to absent', async () => {
    const canteen = await canteenId();
    const hugo = await childNamed('HUGO');
    const mark = (attendance: string) =>
      staff('attendance.mark', { serviceId: canteen, date: '2026-12-03', marks: [{ childId: hugo.id, attendance }] });
    expect((await mark('present')).ok).toBe(true);
    await expectTalliesToMatchTheDays();
    expect((await mark('absent_excused')).ok).toBe(true);
    await expectTalliesToMatchTheDays();
  });

  it('follow days written, moved and deleted, whatever writes them', async () => {
    const db = fixture.core.db;
    const canteen = await canteenId();
    const lea = await childNamed('LÉA');
    const at = '2026-12-01T08:00:00.000Z';
    await db('planning_days').where({ child_id: lea.id, service_id: canteen }).where('date', '>=', '2027-01-01').delete();
    await db('planning_days').insert([
      { child_id: lea.id, service_id: canteen, date: '2027-01-05', state: 'reserved', updated_at: at },
      { child_id: lea.id, service_id: canteen, date: '2027-01-07', state: 'regular', attendance: 'present', updated_at: at },
      { child_id: lea.id, service_id: canteen, date: '2027-01-08', state: 'pending_request', updated_at: at },
    ]);
    await expectTalliesToMatchTheDays();
    // A day moved to another month, another made a booking, one only annotated.
    await db('planning_days').where({ child_id: lea.id, service_id: canteen, date: '2027-01-05' }).update({ date: '2027-02-02' });
    await db('planning_days').where({ child_id: lea.id, service_id: canteen, date: '2027-01-08' }).update({ state: 'reserved' });
    await db('planning_days').where({ child_id: lea.id, service_id: canteen, date: '2027-01-07' }).update({ updated_by: 'agent' });
    await expectTalliesToMatchTheDays();
    await db('planning_days').where({ child_id: lea.id, service_id: canteen }).whereIn('date', ['2027-01-07', '2027-02-02']).delete();
    await expectTalliesToMatchTheDays();
  });

  it('move a child’s days between age bands when its birth date is corrected', async () => {
    const db = fixture.core.db;
    const tom = await childNamed('TOM');
    const bandsOf = async () =>
      (await db('attendance_tallies').where({ child_id: tom.id }).where('present', '>', 0).distinct('band'))
        .map((b) => Number(b.band))
        .sort();
    const before = await bandsOf();
    expect(before).not.toContain(3);
    // Written 2010 instead of his real year: every day he attended counts among the 12 and over.
    await db('children')
      .where({ id: tom.id })
      .update({ birth_date: `2010${tom.birth_date.slice(4)}` });
    await expectTalliesToMatchTheDays();
    expect(await bandsOf()).toEqual([3]);
    await db('children').where({ id: tom.id }).update({ birth_date: tom.birth_date });
    expect(await bandsOf()).toEqual(before);
    await expectTalliesToMatchTheDays();
  });

  it('hold one count when two agents mark two days of one child’s month at once', async () => {
    const canteen = await canteenId();
    const zoe = await childNamed('ZOÉ');
    const days = ['2026-12-07', '2026-12-08', '2026-12-10', '2026-12-11'];
    const booked = await fixture.core
      .db('planning_days')
      .where({ child_id: zoe.id, service_id: canteen })
      .whereIn('date', days)
      .pluck('date');
    expect(booked.length).toBeGreaterThanOrEqual(2);
    const answers = await Promise.all(
      booked.map((date: string) =>
        staff('attendance.mark', { serviceId: canteen, date, marks: [{ childId: zoe.id, attendance: 'present' }] }),
      ),
    );
    expect(answers.map((a) => a.ok)).toEqual(booked.map(() => true));
    await expectTalliesToMatchTheDays();
  });

  it('leave with a child removed from the commune’s records', async () => {
    const db = fixture.core.db;
    const at = '2026-12-01T08:00:00.000Z';
    const family = (await childNamed('HUGO')).family_id;
    const [child] = await db('children')
      .insert({ family_id: family, last_name: 'DUPONT', first_name: 'PASSAGER', birth_date: '2019-05-05', created_at: at, updated_at: at })
      .returning('id');
    const childId = Number(typeof child === 'object' ? child.id : child);
    await db('planning_days').insert({
      child_id: childId,
      service_id: await canteenId(),
      date: '2026-12-14',
      state: 'regular',
      updated_at: at,
    });
    expect(await db('attendance_tallies').where({ child_id: childId }).select('present', 'booked')).toEqual([{ present: 0, booked: 1 }]);
    await db('children').where({ id: childId }).delete();
    expect(await db('attendance_tallies').where({ child_id: childId })).toEqual([]);
    await expectTalliesToMatchTheDays();
  });
});
