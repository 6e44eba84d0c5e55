import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

const fixture = useStaffCore();
const staff = (name: string, input: unknown) => fixture.staff(name, input);

describe('the roll call', () => {
  it('lists the children expected that day, with what the team must know', async () => {
    const canteen = (await fixture.core.db('services').where({ code: 'RESTO' }).first('id')).id;
    const sheet = (await staff('attendance.sheet', { serviceId: canteen, date: '2026-12-03' })).value;
    expect(sheet.serviceName).toBe('Restauration scolaire');
    // Every child booked that day, by name: the demo's four, and the commune's other children.
    const booked = await fixture.core
      .db('planning_days as p')
      .join('children as c', 'c.id', 'p.child_id')
      .where({ 'p.service_id': canteen, 'p.date': '2026-12-03' })
      .whereIn('p.state', ['regular', 'reserved'])
      .select('c.last_name', 'c.first_name');
    const names = booked.map((c) => `${c.last_name} ${c.first_name}`).sort((a, b) => a.localeCompare(b, 'fr'));
    expect([...sheet.rows.map((r: any) => r.childName)].sort((a: string, b: string) => a.localeCompare(b, 'fr'))).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['DUPONT HUGO', 'DUPONT LÉA', 'MARTIN TOM', 'MARTIN ZOÉ']));
    expect(sheet.rows.find((r: any) => r.childName === 'DUPONT HUGO').healthNote).toBe('PAI — Allergies : Arachide');
  });

  it('records présent, absent excusé and absent facturé, and the parent’s grid shows them', async () => {
    const canteen = (await fixture.core.db('services').where({ code: 'RESTO' }).first('id')).id;
    const idOf = async (family: string, first: string) =>
      (
        await fixture.core
          .db('children as c')
          .join('families as f', 'f.id', 'c.family_id')
          .where({ 'f.family_number': family, 'c.first_name': first })
          .first('c.id')
      ).id;
    const [hugo, lea, tom] = [await idOf('1001001010331', 'HUGO'), await idOf('1001001010331', 'LÉA'), await idOf('1001001010332', 'TOM')];
    const saved = await staff('attendance.mark', {
      serviceId: canteen,
      date: '2026-12-03',
      marks: [
        { childId: hugo, attendance: 'present' },
        { childId: lea, attendance: 'absent_billed' },
        { childId: tom, attendance: 'absent_excused' },
      ],
    });
    const demoChildren = await fixture.core
      .db('children as c')
      .join('families as f', 'f.id', 'c.family_id')
      .whereIn('f.family_number', ['1001001010331', '1001001010332'])
      .pluck('c.id');
    const demoRows = saved.value.rows.filter((r: any) => demoChildren.includes(r.childId));
    expect(demoRows.map((r: any) => [r.childName, r.attendance, r.state])).toEqual([
      ['DUPONT HUGO', 'present', 'regular'],
      ['DUPONT LÉA', 'absent_billed', 'absent_billed'],
      ['MARTIN TOM', 'absent_excused', 'absent_excused'],
      ['MARTIN ZOÉ', null, 'regular'],
    ]);
    const { childPlanningMonth } = await import('../../shared/core/planning/child-month');
    const family = (await fixture.core.db('children').where({ id: hugo }).first('family_id')).family_id;
    const grid = (await childPlanningMonth(fixture.core.db, family, hugo, '2026-12'))!;
    expect(grid.rows.find((r) => r.service === 'Restauration scolaire')!.cells.find((c) => c.date === '2026-12-03')!.attendance).toBe(
      'presentBooked',
    );
    expect(await fixture.core.db('audit_log').where({ action: 'attendance.mark' }).first()).toBeDefined();
  });

  it('refuses a date that is not one', async () => {
    expect(await staff('attendance.sheet', { serviceId: 1, date: '2026-02-30' })).toMatchObject({
      ok: false,
      error: { type: 'validation', fields: { date: "Cette date n'existe pas." } },
    });
  });
});
