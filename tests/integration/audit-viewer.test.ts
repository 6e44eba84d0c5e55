import { describe, expect, it } from 'vitest';
import { appliedMigrations, migrateToLatest, rollbackLast } from '../../shared/db/migrate';
import { useStaffCore } from '../support/staff-core';

// « Journal des modifications »: who changed what and when, old → new, by family, person,
// operation and period, a page at a time; and a family's own history.
const fixture = useStaffCore();
const staff = fixture.staff;
const familyId = async (number: string) => (await fixture.core.db('families').where({ family_number: number }).first('id')).id;

describe('an agent reads the audit log', () => {
  it('finds a change to a child’s record in its family’s history, old → new, by whom', async () => {
    const dupont = await familyId('1001001010331');
    const hugo = await fixture.core.db('children').where({ family_id: dupont, first_name: 'HUGO' }).first();
    const changed = await staff('children.update', {
      id: hugo.id,
      expectedVersion: hugo.version,
      lastName: hugo.last_name,
      firstName: hugo.first_name,
      sex: hugo.sex,
      birthDate: hugo.birth_date,
      school: hugo.school,
      grade: 'CE1',
    });
    expect(changed.ok).toBe(true);
    const page = await staff('audit.list', { familyId: dupont, pageSize: 5 });
    expect(page.value.rows[0]).toMatchObject({
      action: 'child.update',
      actorLabel: 'Agent périscolaire',
      familyId: dupont,
      familyNumber: '1001001010331',
      familyName: 'DUPONT JEAN',
      changes: [{ field: 'grade', before: hugo.grade, after: 'CE1' }],
    });
    // Another household's history never shows it.
    const martin = await staff('audit.list', { familyId: await familyId('1001001010332'), pageSize: 100 });
    expect(martin.value.rows.some((r: any) => r.familyId !== martin.value.rows[0]?.familyId)).toBe(false);
    expect(martin.value.rows.some((r: any) => r.action === 'child.update' && r.entityId === String(hugo.id))).toBe(false);
  });

  it('never shows an IBAN in clear nor a child’s health data, in the viewer or its export', async () => {
    const dupont = await familyId('1001001010331');
    await fixture.core.db('audit_log').insert({
      at: '2026-11-30T08:00:00.000Z',
      actor_type: 'staff',
      actor_label: 'agent',
      action: 'record.update.bank',
      entity: 'family',
      entity_id: String(dupont),
      family_id: dupont,
      details_json: JSON.stringify({
        changes: { iban: ['FR7630006000011234567890189', 'FR7610107001011234567890129'], allergies: ['', 'Arachide'] },
      }),
    });
    const page = await staff('audit.list', { familyId: dupont, action: 'record.update.bank' });
    const text = JSON.stringify(page.value.rows);
    expect(text).not.toContain('1234567890189');
    expect(text).not.toContain('Arachide');
    expect(page.value.rows[0].changes).toContainEqual({ field: 'allergies', before: '∅', after: '(donnée de santé)' });
    const exported = await staff('exports.grid', { grid: 'audit', filter: { familyId: dupont }, format: 'csv' });
    const csv = Buffer.from(exported.value.base64, 'base64').toString('utf8');
    expect(csv).not.toContain('1234567890189');
    expect(csv).not.toContain('Arachide');
  });

  it('reads a period as the commune’s days, Paris midnight to midnight', async () => {
    const inserted = (at: string) => ({
      at,
      actor_type: 'staff',
      actor_label: 'agent',
      action: 'test.period',
      entity: 'family',
      details_json: '{}',
    });
    await fixture.core.db('audit_log').insert([
      inserted('2026-03-09T22:59:00.000Z'), // 9 March, 23:59 in Paris
      inserted('2026-03-09T23:00:00.000Z'), // 10 March, 00:00
      inserted('2026-03-10T22:59:00.000Z'), // 10 March, 23:59
      inserted('2026-03-10T23:00:00.000Z'), // 11 March, 00:00
    ]);
    const day = await staff('audit.list', { action: 'test.period', from: '2026-03-10', to: '2026-03-10' });
    expect(day.value.rows.map((r: any) => r.at).sort()).toEqual(['2026-03-09T23:00:00.000Z', '2026-03-10T22:59:00.000Z']);
  });

  it('filters by operation, person and period, and counts the whole filter', async () => {
    const all = await staff('audit.list', { action: 'child.update', pageSize: 1 });
    expect(all.value.total).toBeGreaterThanOrEqual(1);
    expect(all.value.rows).toHaveLength(1);
    const byPerson = await staff('audit.list', { actor: 'agent pér', pageSize: 100 });
    expect(byPerson.value.rows.every((r: any) => r.actorLabel === 'Agent périscolaire')).toBe(true);
    const outside = await staff('audit.list', { action: 'child.update', from: '2026-01-01', to: '2026-01-31' });
    expect(outside.value.total).toBe(0);
    const actions = await staff('audit.actions', {});
    expect(actions.value).toContain('child.update');
  });

  it('gives the entries written before this version their family when the migration runs', async () => {
    const { db } = fixture.core;
    const martin = await familyId('1001001010332');
    const tom = await db('children').where({ family_id: martin, first_name: 'TOM' }).first('id');
    // Back to the schema before the audit log knew families (whatever came after it).
    while ((await appliedMigrations(db)).includes('20261202000021_audit_family')) await rollbackLast(db);
    await db('audit_log').insert({
      at: '2026-10-01T08:00:00.000Z',
      actor_type: 'staff',
      actor_label: 'Ancienne version',
      action: 'child.update',
      entity: 'child',
      entity_id: String(tom.id),
      details_json: '{}',
    });
    await migrateToLatest(db);
    const old = await db('audit_log').where({ actor_label: 'Ancienne version' }).first('family_id');
    expect(old.family_id).toBe(martin);
  });
});
