import { beforeAll, describe, expect, it } from 'vitest';
import { childPlanningMonth } from '../../shared/core/planning/child-month';
import { useStaffCore } from '../support/staff-core';

// A family phones the town hall: the agent opens the child's month from the family page and books,
// cancels or marks days, with the portal's rules, or past a deadline or a full day with a reason.
// The test clock: Monday 30 November 2026, 10:00 in Paris; 1 December's deadlines have passed.
const fixture = useStaffCore();
const staff = fixture.staff;
let dupont: number;
let martin: number;
let lea: number;
let hugo: number;
const service = async (code: string) => Number((await fixture.core.db('services').where({ code }).first('id')).id);
const day = (childId: number, serviceId: number, date: string) =>
  fixture.core.db('planning_days').where({ child_id: childId, service_id: serviceId, date }).first();

beforeAll(async () => {
  const db = fixture.core.db;
  dupont = Number((await db('portal_accounts').where({ login: 'jean.dupont' }).first('family_id')).family_id);
  martin = Number((await db('portal_accounts').where({ login: 'marie.martin' }).first('family_id')).family_id);
  lea = Number((await db('children').where({ family_id: dupont, first_name: 'LÉA' }).first('id')).id);
  hugo = Number((await db('children').where({ family_id: dupont, first_name: 'HUGO' }).first('id')).id);
});

const book = (input: Record<string, unknown>) => staff('planning.book', { familyId: dupont, childId: lea, ...input });

describe('an agent books for a family that phones', () => {
  it('shows the child’s month as the parent sees it, the days still open marked', async () => {
    const answer = await staff('planning.childMonth', { familyId: dupont, childId: lea, month: '2026-12' });
    expect(answer.ok).toBe(true);
    const garderie = answer.value.rows.find((r: any) => r.service === 'Garderie du matin' || r.serviceId > 0);
    expect(answer.value.child.firstName).toBe('LÉA');
    expect(garderie.cells).toHaveLength(31);
    expect(garderie.cells.find((c: any) => c.date === '2026-11-27')).toBeUndefined();
    expect(answer.value.rows.every((r: any) => !r.cells.find((c: any) => c.date === '2026-12-25').selectable)).toBe(true); // Noël
  });

  it('books at once, as the agent, a day before its deadline', async () => {
    const garderie = await service('GARD_MATIN');
    const answer = await book({ action: 'reserve', selections: [{ serviceId: garderie, date: '2026-12-08' }] });
    expect(answer.value).toEqual([{ serviceName: expect.any(String), date: '2026-12-08', result: 'accepted', message: 'Réservé.' }]);
    expect(await day(lea, garderie, '2026-12-08')).toMatchObject({ state: 'reserved', updated_by: 'agent' });
  });

  it('refuses a day past its deadline unless the agent gives a reason, recorded in the audit log and seen by the parent', async () => {
    const garderie = await service('GARD_MATIN');
    const selections = [{ serviceId: garderie, date: '2026-12-01' }];
    const refused = await book({ action: 'reserve', selections });
    expect(refused.value[0]).toMatchObject({ result: 'refused' });
    expect(refused.value[0].message).toContain('Délai de réservation dépassé (jusqu’au 27/11/2026 à 10:00).');
    expect(refused.value[0].message).toContain('indiquez le motif de la dérogation');
    expect(await day(lea, garderie, '2026-12-01')).toBeUndefined();

    const passed = await book({ action: 'reserve', selections, overrideReason: 'Reprise du travail de la mère, appel du 30/11' });
    expect(passed.value[0]).toMatchObject({ result: 'accepted' });
    expect(passed.value[0].message).toBe('Réservé. Dérogation (délai dépassé) : Reprise du travail de la mère, appel du 30/11.');
    expect(await day(lea, garderie, '2026-12-01')).toMatchObject({ state: 'reserved', updated_by: 'agent' });

    const month = await childPlanningMonth(fixture.core.db, dupont, lea, '2026-12', '2026-11-30');
    const row = month!.rows.find((r) => r.serviceId === garderie)!;
    expect(row.cells.find((c) => c.date === '2026-12-01')!.state).toBe('reserved');

    const history = await staff('audit.list', { familyId: dupont, page: 0, pageSize: 50 });
    const entry = history.value.rows.find((r: any) => r.action === 'planning.reserve' && r.actorType === 'staff');
    expect(entry.actorLabel).toBe('Agent périscolaire');
    expect(entry.details).toBe(
      'Prestation : GARD_MATIN ; Jours : 01/12/2026 ; Motif de la dérogation : Reprise du travail de la mère, appel du 30/11 ; Dérogations : 01/12/2026 (délai dépassé)',
    );
    const stored = await fixture.core
      .db('audit_log')
      .where({ action: 'planning.reserve', actor_type: 'staff' })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(stored.details_json)).toMatchObject({
      dates: ['2026-12-01'],
      overrideReason: 'Reprise du travail de la mère, appel du 30/11',
      passed: [{ date: '2026-12-01', rule: 'deadline' }],
    });
    expect(Number(stored.family_id)).toBe(dupont);
    const request = await fixture.core.db('requests').where({ child_id: lea, category: 'reservation' }).orderBy('id', 'desc').first();
    expect(request).toMatchObject({ state: 'accepted' });
    expect(request.decided_by).not.toBeNull();
    expect(JSON.parse(request.proposed_json)).toMatchObject({ dates: ['2026-12-01'], enteredBy: 'agent' });
  });

  it('cancels a day late only with a reason, and excuses a late absence with a reason instead of billing it', async () => {
    const garderie = await service('GARD_MATIN');
    const selections = [{ serviceId: garderie, date: '2026-12-01' }];
    const refused = await book({ action: 'cancel', selections });
    expect(refused.value[0].message).toContain('Délai d’annulation dépassé');
    const cancelled = await book({ action: 'cancel', selections, overrideReason: 'Erreur de saisie de la commune' });
    expect(cancelled.value[0]).toMatchObject({ result: 'accepted' });
    expect(await day(lea, garderie, '2026-12-01')).toBeUndefined();

    const canteen = await service('RESTO');
    const late = [{ serviceId: canteen, date: '2026-12-01' }];
    expect((await day(hugo, canteen, '2026-12-01'))?.state).toBe('regular');
    const excused = await staff('planning.book', {
      familyId: dupont,
      childId: hugo,
      action: 'absence',
      selections: late,
      motif: 'Maladie',
      details: 'appel du père',
      overrideReason: 'Hospitalisation, certificat à venir',
    });
    expect(excused.value[0]).toMatchObject({ result: 'accepted' });
    expect(await day(hugo, canteen, '2026-12-01')).toMatchObject({
      state: 'absent_excused',
      absence_reason: 'Maladie — appel du père',
    });
  });

  it('without a reason, a late absence is billed as on the portal', async () => {
    const canteen = await service('RESTO');
    const answer = await book({ action: 'absence', selections: [{ serviceId: canteen, date: '2026-12-01' }], motif: 'Autre' });
    expect(answer.value[0].message).toContain('la journée sera facturée');
    expect((await day(lea, canteen, '2026-12-01'))?.state).toBe('absent_billed');
  });

  it('puts a full day on the waiting list, or books it past capacity with a reason', async () => {
    const db = fixture.core.db;
    const garderie = await service('GARD_MATIN');
    const date = '2026-12-11';
    const booked = await db('planning_days')
      .where({ service_id: garderie, date })
      .whereIn('state', ['reserved', 'regular'])
      .count({ n: '*' });
    await db('services')
      .where({ id: garderie })
      .update({ capacity_per_day: Number(booked[0]!.n) });
    try {
      const full = await book({ action: 'reserve', selections: [{ serviceId: garderie, date }] });
      expect(full.value[0]).toMatchObject({ result: 'waiting_list' });
      const passed = await book({
        action: 'reserve',
        selections: [{ serviceId: garderie, date }],
        overrideReason: 'Accord de la directrice',
      });
      expect(passed.value[0].message).toBe('Réservé. Dérogation (complet) : Accord de la directrice.');
      expect((await db('waiting_list').where({ child_id: lea, service_id: garderie, date }).first()).state).toBe('taken');
    } finally {
      await db('services').where({ id: garderie }).update({ capacity_per_day: 30 });
    }
  });

  it('books a service the agent validates at once, without a pending request', async () => {
    const wednesdays = await service('ALSH_MER_PM');
    const answer = await book({ action: 'reserve', selections: [{ serviceId: wednesdays, date: '2026-12-09' }] });
    expect(answer.value[0]).toMatchObject({ result: 'accepted' });
    expect(await fixture.core.db('requests').where({ child_id: lea, state: 'pending', category: 'reservation' })).toHaveLength(0);
  });

  it('cancels a day its month already billed (billed up to today): the day stays, cancelled, held by its invoice', async () => {
    const garderie = await service('GARD_MATIN');
    const selections = [{ serviceId: garderie, date: '2026-11-30' }];
    const reason = 'Appel de la mère, 30/11';
    // LÉA's regular morning of today, booked instead as a reservation of its own.
    await fixture.core.db('planning_days').where({ child_id: lea, service_id: garderie, date: '2026-11-30' }).update({ state: 'reserved' });
    expect((await staff('billing.issue', { month: '2026-11', familyIds: [dupont] })).ok).toBe(true);
    const reserved = await day(lea, garderie, '2026-11-30');
    const held = await fixture.core.db('planning_day_invoices').where({ planning_day_id: reserved.id }).first('invoice_id');
    expect(held).toBeTruthy();
    // Two clicks at once: the day is cancelled once, and stays.
    const clicks = await Promise.all([1, 2].map(() => book({ action: 'cancel', selections, overrideReason: reason })));
    expect(clicks.map((c) => c.value[0].result).sort()).toEqual(['accepted', 'refused']);
    // The agent is told the day is on an issued invoice, not that it will not be billed.
    expect(clicks.find((c) => c.value[0].result === 'accepted')!.value[0].message).toContain(
      'Cette journée figure déjà sur une facture émise : la régie la régularisera par un avoir.',
    );
    expect(await day(lea, garderie, '2026-11-30')).toMatchObject({
      id: reserved.id,
      state: 'absent_excused',
      absence_reason: 'Réservation annulée',
    });
    expect(await fixture.core.db('planning_day_invoices').where({ planning_day_id: reserved.id }).first('invoice_id')).toEqual(held);
  });

  it('two clicks at once book the day once', async () => {
    const garderie = await service('GARD_MATIN');
    const selections = [{ serviceId: garderie, date: '2026-12-15' }];
    const [a, b] = await Promise.all([book({ action: 'reserve', selections }), book({ action: 'reserve', selections })]);
    const results = [a.value[0].result, b.value[0].result].sort();
    expect(results).toEqual(['accepted', 'refused']);
    expect([a.value[0].message, b.value[0].message]).toContain('Ce jour est déjà réservé.');
    const requests = await fixture.core
      .db('requests')
      .where({ child_id: lea, category: 'reservation' })
      .where('proposed_json', 'like', '%2026-12-15%');
    expect(requests).toHaveLength(1);
  });
});

describe('what the agent cannot do', () => {
  it('reaches a child only through its own family', async () => {
    const garderie = await service('GARD_MATIN');
    const answer = await staff('planning.book', {
      familyId: martin,
      childId: lea,
      action: 'reserve',
      selections: [{ serviceId: garderie, date: '2026-12-04' }],
    });
    expect(answer.ok).toBe(false);
    expect((await staff('planning.childMonth', { familyId: martin, childId: lea, month: '2026-12' })).ok).toBe(false);
    expect(await day(lea, garderie, '2026-12-04')).toBeUndefined();
  });

  it('says what is wrong with the form and changes nothing', async () => {
    const garderie = await service('GARD_MATIN');
    const noReason = await book({ action: 'absence', selections: [{ serviceId: garderie, date: '2026-12-08' }] });
    expect(noReason.error.fields.motif).toBe('Indiquez la raison de l’absence.');
    expect((await book({ action: 'reserve', selections: [] })).error.message).toContain('Cochez au moins un jour');
    const many = Array.from({ length: 201 }, () => ({ serviceId: garderie, date: '2026-12-08' }));
    expect((await book({ action: 'reserve', selections: many })).ok).toBe(false);
    expect((await book({ action: 'reserve', selections: [{ serviceId: garderie, date: '2026-02-30' }] })).ok).toBe(false);
    expect((await day(lea, garderie, '2026-12-08'))?.state).toBe('reserved');
  });
});
