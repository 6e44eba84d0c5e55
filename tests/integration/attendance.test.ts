import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

const fixture = useStaffCore();
const staff = (name: string, input: unknown) => fixture.staff(name, input);

describe('the roll call', () => {
  it('lists the children expected that day, with what the team must know', async () => {
    const canteen = (await fixture.core.db('services').where({ code: 'RESTO' }).first('id')).id;
    const sheet = (await staff('attendance.sheet', { serviceId: canteen, date: '2026-12-03' })).value;
    expect(sheet.serviceName).toBe('Restauration scolaire');
    expect(sheet.rows.map((r: any) => r.childName)).toEqual(['DUPONT HUGO', 'DUPONT LÉA', 'MARTIN TOM', 'MARTIN ZOÉ']);
    expect(sheet.rows.find((r: any) => r.childName === 'DUPONT HUGO').healthNote).toBe('PAI — Allergies : Arachide');
  });

  it('records présent, absent excusé and absent facturé, and the parent’s grid shows them', async () => {
    const canteen = (await fixture.core.db('services').where({ code: 'RESTO' }).first('id')).id;
    const sheet = (await staff('attendance.sheet', { serviceId: canteen, date: '2026-12-03' })).value;
    const [hugo, lea, tom] = sheet.rows.map((r: any) => r.childId);
    const saved = await staff('attendance.mark', {
      serviceId: canteen,
      date: '2026-12-03',
      marks: [
        { childId: hugo, attendance: 'present' },
        { childId: lea, attendance: 'absent_billed' },
        { childId: tom, attendance: 'absent_excused' },
      ],
    });
    expect(saved.value.rows.map((r: any) => [r.childName, r.attendance, r.state])).toEqual([
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
