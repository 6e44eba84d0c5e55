import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';
import { pdfText } from '../support/pdf-text';

// A child turns up at the canteen on Monday 30 November 2026 without a booking: the agent finds
// them by name and adds them to the roll « hors contrat », present (and billed as a day present).
const fixture = useStaffCore();
const staff = fixture.staff;

describe('a child who turns up unannounced', () => {
  it('is found by name and added once, present, hors contrat, whatever the clicks', async () => {
    const db = fixture.core.db;
    const resto = Number((await db('services').where({ code: 'RESTO' }).first('id')).id);
    const expected = await db('planning_days').where({ service_id: resto, date: '2026-11-30' }).pluck('child_id');
    const outsider = await db('children')
      .whereNotIn('id', expected)
      .whereNull('archived_at')
      .orderBy('id')
      .first('id', 'first_name', 'last_name');
    const found = await staff('attendance.searchChildren', { search: `${outsider.last_name} ${outsider.first_name}` });
    expect(found.value.map((c: any) => c.childId)).toContain(Number(outsider.id));
    const input = { serviceId: resto, date: '2026-11-30', childId: Number(outsider.id) };
    const [a, b] = await Promise.all([staff('attendance.addUnannounced', input), staff('attendance.addUnannounced', input)]);
    expect(a.ok && b.ok).toBe(true);
    const row = b.value.rows.find((r: any) => r.childId === Number(outsider.id));
    expect(row).toMatchObject({ state: 'out_of_contract', attendance: 'present' });
    expect(await db('planning_days').where({ service_id: resto, date: '2026-11-30', child_id: outsider.id })).toHaveLength(1);
    expect(await db('audit_log').where({ action: 'attendance.addUnannounced', entity_id: String(outsider.id) })).toHaveLength(1);
  });

  it('leaves an expected child as booked, and refuses a day to come', async () => {
    const db = fixture.core.db;
    const resto = Number((await db('services').where({ code: 'RESTO' }).first('id')).id);
    const booked = await db('planning_days').where({ service_id: resto, date: '2026-11-30', state: 'regular' }).first('child_id');
    const answer = await staff('attendance.addUnannounced', { serviceId: resto, date: '2026-11-30', childId: booked.child_id });
    expect(answer.value.rows.find((r: any) => r.childId === booked.child_id).state).toBe('regular');
    const later = await staff('attendance.addUnannounced', { serviceId: resto, date: '2026-12-01', childId: booked.child_id });
    expect(later.error.message).toBe('Un enfant hors contrat s’ajoute au pointage du jour ou d’un jour passé, pas d’un jour à venir.');
    expect((await staff('attendance.searchChildren', { search: 'a' })).ok).toBe(false);
  });

  it('prints the day’s roll as a PDF: service, day, agent, health notes, meals to order', async () => {
    const db = fixture.core.db;
    const resto = Number((await db('services').where({ code: 'RESTO' }).first('id')).id);
    const sheet = (await staff('attendance.sheet', { serviceId: resto, date: '2026-12-03' })).value;
    const absent = sheet.rows.filter((r: any) => r.state === 'absent_excused' || r.state === 'absent_billed').length;
    const answer = await staff('attendance.rollPdf', { serviceId: resto, date: '2026-12-03' });
    expect(answer.value.fileName).toMatch(/^pointage-.*2026-12-03\.pdf$/);
    const text = (await pdfText(Buffer.from(answer.value.base64, 'base64'))).replace(/\s+/g, ' ');
    expect(text).toContain('Pointage — Restauration scolaire');
    expect(text).toContain('Jeudi 3 Décembre 2026 — agent : Agent périscolaire');
    expect(text).toContain(sheet.rows[0].childName);
    expect(text).toContain('DUPONT HUGO CP DUPONT JEAN PAI — Allergies : Arachide'); // what the team must know at the table
    expect(text).toContain(`Repas à commander à la cuisine : ${sheet.rows.length - absent}`);
  });
});
