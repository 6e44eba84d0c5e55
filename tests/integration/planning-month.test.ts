import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childPlanningMonth } from '../../shared/core/planning/child-month';
import { createTestCore, type TestCore } from '../support/test-app';
import { forgetReferenceData } from '../../shared/core/reference/reference-data';

let core: TestCore;
let dupont: number;
let hugo: number;

beforeAll(async () => {
  core = await createTestCore();
  dupont = (await core.db('families').where({ family_number: '1001001010331' }).first('id')).id;
  hugo = (await core.db('children').where({ family_id: dupont, first_name: 'HUGO' }).first('id')).id;
});
afterAll(async () => {
  await core?.destroy();
});

describe('a child’s planning month', () => {
  it('matches the database cell by cell', async () => {
    const month = (await childPlanningMonth(core.db, dupont, hugo, '2026-11'))!;
    expect(month.days).toHaveLength(30);
    expect(month.days[0]).toEqual({ date: '2026-11-01', header: 'Di 01', weekend: true });
    expect(month.rows.map((r) => `${r.structure} ${r.service}`)).toEqual([
      'Accueil de Loisirs ALSH Mercredi journée',
      'Garderie périscolaire Restauration scolaire',
    ]);
    const stored = await core
      .db('planning_days')
      .where({ child_id: hugo })
      .whereBetween('date', ['2026-11-01', '2026-11-30'])
      .select('service_id', 'date', 'state');
    const shown = month.rows.flatMap((r) =>
      r.cells.filter((c) => c.state && c.state !== 'closed').map((c) => ({ service_id: r.serviceId, date: c.date, state: c.state })),
    );
    const key = (x: { service_id: number; date: string }) => `${x.service_id}|${x.date}`;
    expect(shown.map(key).sort()).toEqual(stored.map(key).sort());
    for (const s of stored) expect(shown.find((c) => key(c) === key(s))!.state).toBe(s.state);
  });

  it('marks public holidays on every row and the holidays on the school services', async () => {
    const november = (await childPlanningMonth(core.db, dupont, hugo, '2026-11'))!;
    for (const row of november.rows) expect(row.cells.find((c) => c.date === '2026-11-11')!.mark).toBe('F');
    const october = (await childPlanningMonth(core.db, dupont, hugo, '2026-10'))!;
    const canteen = october.rows.find((r) => r.service === 'Restauration scolaire')!;
    expect(canteen.cells.find((c) => c.date === '2026-10-20')!.mark).toBe('P'); // Toussaint, zone B
    expect(canteen.cells.find((c) => c.date === '2026-10-15')!.mark).toBeNull();
  });

  it('shows a pending reservation as « en cours de traitement » and attendance marks', async () => {
    const december = (await childPlanningMonth(core.db, dupont, hugo, '2026-12'))!;
    const wednesdays = december.rows.find((r) => r.service === 'ALSH Mercredi journée')!;
    expect(wednesdays.cells.find((c) => c.date === '2026-12-09')!.state).toBe('reservation_processing');
    const november = (await childPlanningMonth(core.db, dupont, hugo, '2026-11'))!;
    const canteen = november.rows.find((r) => r.service === 'Restauration scolaire')!;
    const attended = await core
      .db('planning_days')
      .where({ child_id: hugo, service_id: canteen.serviceId, attendance: 'present' })
      .whereBetween('date', ['2026-11-01', '2026-11-30'])
      .first('date');
    expect(canteen.cells.find((c) => c.date === attended.date)!.attendance).toBe('presentBooked');
  });

  it('shows a closure of the structure', async () => {
    const structure = (await core.db('structures').where({ name: 'Garderie périscolaire' }).first('id')).id;
    await core
      .db('closures')
      .insert({ structure_id: structure, starts_on: '2026-11-27', ends_on: '2026-11-27', reason: 'Formation du personnel' });
    forgetReferenceData(); // as `closures.add` does after its commit
    const month = (await childPlanningMonth(core.db, dupont, hugo, '2026-11'))!;
    expect(month.rows.find((r) => r.service === 'Restauration scolaire')!.cells.find((c) => c.date === '2026-11-27')!.state).toBe('closed');
    expect(month.rows.find((r) => r.service === 'ALSH Mercredi journée')!.cells.find((c) => c.date === '2026-11-27')!.state).toBeNull();
  });

  it('is refused for another family’s child', async () => {
    const martin = (await core.db('families').where({ family_number: '1001001010332' }).first('id')).id;
    expect(await childPlanningMonth(core.db, martin, hugo, '2026-11')).toBeNull();
  });
});
