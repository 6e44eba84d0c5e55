import { beforeAll, describe, expect, it } from 'vitest';
import { childPlanningMonth } from '../../shared/core/planning/child-month';
import { useStaffCore } from '../support/staff-core';

// A strike at the morning garderie on Thursday 10 December: the agent adds the closure, sees first
// the bookings it cancels, tells the families, and can take it back. The test clock: Monday
// 30 November 2026. LÉA DUPONT goes to the morning garderie every Monday and Thursday.
const fixture = useStaffCore();
const staff = fixture.staff;
const STRIKE = '2026-12-10';
let garderie: number;
let structure: number;
let dupont: number;
let lea: number;

const leaMorning = (date: string) => fixture.core.db('planning_days').where({ child_id: lea, service_id: garderie, date }).first();

/** The booked days the closure must cancel, counted apart from the code under test. */
async function bookedThatDay(date: string) {
  const rows = await fixture.core
    .db('planning_days as p')
    .join('services as s', 's.id', 'p.service_id')
    .join('children as c', 'c.id', 'p.child_id')
    .where({ 's.structure_id': structure, 'p.date': date })
    .whereIn('p.state', ['reserved', 'regular'])
    .leftJoin('planning_day_invoices as held', 'held.planning_day_id', 'p.id')
    .whereNull('held.invoice_id')
    .whereNull('p.attendance')
    .select('p.id', 'c.family_id');
  return { days: rows.length, families: new Set(rows.map((r) => r.family_id)).size };
}

beforeAll(async () => {
  const db = fixture.core.db;
  garderie = Number((await db('services').where({ code: 'GARD_MATIN' }).first('id')).id);
  structure = Number((await db('services').where({ id: garderie }).first('structure_id')).structure_id);
  dupont = Number((await db('portal_accounts').where({ login: 'jean.dupont' }).first('family_id')).family_id);
  lea = Number((await db('children').where({ family_id: dupont, first_name: 'LÉA' }).first('id')).id);
});

describe('an agent closes a structure on days already booked', () => {
  const strike = () => ({ structureId: structure, serviceId: null, startsOn: STRIKE, endsOn: STRIKE, reason: 'Grève' });
  let closureId: number;

  it('first lists the bookings the closure cancels, family by family', async () => {
    expect(await leaMorning(STRIKE)).toMatchObject({ state: 'regular' });
    const expected = await bookedThatDay(STRIKE);
    expect(expected.days).toBeGreaterThan(1);
    const { reason: _reason, ...scope } = strike();
    const preview = await staff('closures.preview', scope);
    expect(preview.value).toMatchObject({ cancelledDays: expected.days, families: expected.families, untouchedDays: 0 });
    const family = preview.value.sample.find((f: any) => f.familyId === dupont);
    expect(family.familyName).toBe('DUPONT JEAN');
    expect(family.days).toContain('LÉA : Garderie matin le 10/12/2026'); // and the canteen, in the same structure
    expect(await leaMorning(STRIKE)).toMatchObject({ state: 'regular' }); // a preview changes nothing
  });

  it('adds it once for two clicks at once, cancels the days (not billed) and tells each family once', async () => {
    const expected = await bookedThatDay(STRIKE);
    const input = { ...strike(), tellFamilies: true };
    const [a, b] = await Promise.all([staff('closures.add', input), staff('closures.add', input)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect((a.ok ? b : a).error.message).toBe('Cette fermeture est déjà enregistrée (mêmes jours, même structure ou prestation).');
    const added = (a.ok ? a : b).value;
    expect(added).toMatchObject({ cancelledDays: expected.days, familiesTold: expected.families });
    closureId = added.closures.find((c: any) => c.reason === 'Grève').id;

    expect(await leaMorning(STRIKE)).toMatchObject({ state: 'closed', absence_reason: 'Fermeture : Grève', updated_by: 'fermeture' });
    expect((await bookedThatDay(STRIKE)).days).toBe(0);
    const month = await childPlanningMonth(fixture.core.db, dupont, lea, '2026-12', '2026-11-30');
    expect(month!.rows.find((r) => r.serviceId === garderie)!.cells.find((c) => c.date === STRIKE)!.state).toBe('closed');

    const told = await fixture.core.db('messages').where({ family_id: dupont, subject: 'Fermeture le 10/12/2026 : Garderie périscolaire' });
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(
      /^Fermeture le 10\/12\/2026 — Garderie périscolaire \(Grève\)\.\n\nLes jours réservés suivants sont annulés et ne vous seront pas facturés : .*LÉA : Garderie matin le 10\/12\/2026/,
    );
    const audit = await fixture.core.db('audit_log').where({ action: 'closure.create', entity_id: String(closureId) });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details_json)).toMatchObject({ cancelledDays: expected.days, familiesTold: expected.families });
  });

  it('gives the days back when the closure is removed, except a day changed since', async () => {
    const other = await fixture.core
      .db('planning_days')
      .where({ service_id: garderie, date: STRIKE, state: 'closed' })
      .whereNot({ child_id: lea })
      .first('id');
    // An agent marked that child present anyway: the day is no longer the closure's to give back.
    await fixture.core.db('planning_days').where({ id: other.id }).update({ attendance: 'present' });
    await staff('closures.remove', { id: closureId });
    expect(await leaMorning(STRIKE)).toMatchObject({ state: 'regular', absence_reason: null });
    expect(await fixture.core.db('planning_days').where({ id: other.id }).first('state')).toEqual({ state: 'closed' });
    expect(await fixture.core.db('closure_cancelled_days').where({ closure_id: closureId })).toHaveLength(0);
  });

  it('keeps a day closed that another closure also covers', async () => {
    const structureWide = await staff('closures.add', { ...strike(), reason: 'Grève', tellFamilies: false });
    const serviceWeek = await staff('closures.add', {
      structureId: null,
      serviceId: garderie,
      startsOn: STRIKE,
      endsOn: '2026-12-11',
      reason: 'Travaux',
    });
    expect(serviceWeek.value.cancelledDays).toBeGreaterThan(0); // the 11th; the 10th was closed already
    expect(await fixture.core.db('messages').where({ family_id: dupont }).where('subject', 'like', 'Fermeture%')).toHaveLength(1);
    const first = structureWide.value.closures.find((c: any) => c.reason === 'Grève').id;
    await staff('closures.remove', { id: first });
    expect(await leaMorning(STRIKE)).toMatchObject({ state: 'closed', absence_reason: 'Fermeture : Travaux' });
  });

  it('refuses a closure of more than a year, or ending before it starts', async () => {
    const long = await staff('closures.preview', { structureId: null, serviceId: null, startsOn: '2026-12-01', endsOn: '2027-12-02' });
    expect(long.error.fields.endsOn).toBe('Une fermeture dure un an au plus.');
    const backwards = await staff('closures.add', { structureId: null, serviceId: null, startsOn: '2026-12-02', endsOn: '2026-12-01' });
    expect(backwards.error.fields.endsOn).toBe('La fin doit suivre le début.');
  });
});
