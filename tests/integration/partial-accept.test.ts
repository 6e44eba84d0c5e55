import { beforeAll, describe, expect, it } from 'vitest';
import type { PortalSession } from '../../shared/core/accounts/portal-auth';
import { bookDays } from '../../shared/core/planning/booking';
import { isPostgres } from '../../shared/db/connection';
import { familyRecentRequests } from '../../shared/core/requests/family-requests';
import { useStaffCore } from '../support/staff-core';

// A parent asks for two Wednesdays at the Accueil de Loisirs (whole days), which an agent validates. Meanwhile
// the second Wednesday fills up: the agent sees the places left each day, accepts the first and
// refuses the second with a reason, and the family reads which day was booked and why the other
// was not. The test clock: Monday 30 November 2026, 10:00 in Paris.
const fixture = useStaffCore();
const staff = fixture.staff;
// The first Wednesdays after the Christmas holidays, which no child of the demo has booked yet.
const FIRST = '2027-01-06';
const SECOND = '2027-01-13';
let dupont: PortalSession;
let martin: PortalSession;
let familyId: number;
let hugo: number;
let tom: number;
let wednesdays: number;

const sessionOf = async (login: string): Promise<PortalSession> => {
  const account = await fixture.core.db('portal_accounts').where({ login }).first();
  return {
    actor: { kind: 'family', accountId: account.id, familyId: Number(account.family_id), login, sessionId: 't' },
    csrfToken: 'x',
    mustChangePassword: false,
  };
};

const ask = async (session: PortalSession, childId: number, dates: string[]) => {
  const outcomes = await bookDays(fixture.core.db, fixture.core.clock, session, {
    childId,
    action: 'reserve',
    selections: dates.map((date) => ({ serviceId: wednesdays, date })),
    reason: '',
    repeatWeekly: false,
    source: 'test',
  });
  expect(outcomes!.map((o) => o.message)).toEqual(dates.map(() => 'Demande transmise à la commune.'));
  const request = await fixture.core
    .db('requests')
    .where({ child_id: childId, state: 'pending', category: 'reservation' })
    .orderBy('id', 'desc')
    .first('id');
  return Number(request.id);
};

const booked = async (date: string) =>
  Number(
    (
      await fixture.core
        .db('planning_days')
        .where({ service_id: wednesdays, date })
        .whereIn('state', ['reserved', 'regular'])
        .count<{ n: number }[]>({ n: '*' })
        .first()
    )?.n,
  );

/** Books the day for other children until it holds `count` places. */
async function fillTo(date: string, count: number) {
  const db = fixture.core.db;
  const others = await db('children')
    .whereNotIn('id', [hugo, tom])
    .whereNotIn('id', db('planning_days').where({ service_id: wednesdays, date }).select('child_id'))
    .orderBy('id')
    .limit(count - (await booked(date)))
    .pluck('id');
  for (const childId of others) {
    await db('planning_days').insert({
      child_id: childId,
      service_id: wednesdays,
      date,
      state: 'reserved',
      late_cancellation: false,
      updated_at: '2026-11-30T09:00:00.000Z',
      updated_by: 'test',
    });
  }
  expect(await booked(date)).toBe(count);
}

beforeAll(async () => {
  const db = fixture.core.db;
  dupont = await sessionOf('jean.dupont');
  martin = await sessionOf('marie.martin');
  familyId = dupont.actor.familyId;
  hugo = Number((await db('children').where({ family_id: familyId, first_name: 'HUGO' }).first('id')).id);
  tom = Number((await db('children').where({ family_id: martin.actor.familyId, first_name: 'TOM' }).first('id')).id);
  wednesdays = Number((await db('services').where({ code: 'ALSH_MER_J' }).first('id')).id);
  await db('services').where({ id: wednesdays }).update({ capacity_per_day: 40 });
});

describe('an agent accepts a reservation for some of its days', () => {
  let request: number;

  it('shows the service by its name and the places left each day asked', async () => {
    request = await ask(dupont, hugo, [FIRST, SECOND]);
    // The second Wednesday fills up while the request waits; one place is left on the first.
    const capacity = Math.max(await booked(FIRST), await booked(SECOND)) + 1;
    await fixture.core.db('services').where({ id: wednesdays }).update({ capacity_per_day: capacity });
    await fillTo(FIRST, capacity - 1);
    await fillTo(SECOND, capacity);

    const detail = await staff('requests.get', { id: request });
    expect(detail.value.summary[0]).toMatch(/^Prestation : .+/);
    expect(detail.value.summary[0]).not.toContain('ALSH_MER_PM');
    expect(detail.value.days).toEqual([
      { date: FIRST, placesLeft: 1, capacity, closed: false, refused: false },
      { date: SECOND, placesLeft: 0, capacity, closed: false, refused: false },
    ]);
  });

  it('will not book a full day: the whole request stays pending, said with the day', async () => {
    const answer = await staff('requests.accept', { id: request });
    expect(answer.ok).toBe(false);
    expect(answer.error.message).toBe('Complet le 13/01/2027 : refusez ce jour ou libérez une place avant d’accepter.');
    expect((await fixture.core.db('requests').where({ id: request }).first('state')).state).toBe('pending');
    expect(await fixture.core.db('planning_days').where({ child_id: hugo, service_id: wednesdays, date: FIRST }).first()).toBeUndefined();
  });

  it('asks why the other days are refused, refuses a day not asked, and wants one day kept', async () => {
    const noReason = await staff('requests.accept', { id: request, refusedDates: [SECOND] });
    expect(noReason.error.fields.reason).toBe('Le motif du refus est obligatoire pour les jours non acceptés (3 caractères au moins).');
    const stranger = await staff('requests.accept', { id: request, refusedDates: ['2027-01-27'], reason: 'Complet' });
    expect(stranger.error.message).toBe('Ce jour n’est pas dans la demande : 27/01/2027.');
    const all = await staff('requests.accept', { id: request, refusedDates: [FIRST, SECOND], reason: 'Complet' });
    expect(all.error.message).toBe('Tous les jours sont refusés : gardez-en au moins un, ou refusez la demande.');
    const notADay = await staff('requests.accept', { id: request, refusedDates: ['2026-02-30'], reason: 'Complet' });
    expect(notADay.ok).toBe(false);
    expect((await fixture.core.db('requests').where({ id: request }).first('state')).state).toBe('pending');
  });

  it('books the days kept, once for two agents at once, and tells the family which day was refused and why', async () => {
    const decision = { id: request, refusedDates: [SECOND], reason: 'Complet ce mercredi-là.' };
    const [a, b] = await Promise.all([staff('requests.accept', decision), staff('requests.accept', decision)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect((a.ok ? b : a).error.message).toContain('Cette demande a déjà été acceptée par Agent périscolaire');
    const detail = (a.ok ? a : b).value;
    expect(detail.state).toBe('accepted');
    expect(detail.days.map((d: any) => [d.date, d.refused])).toEqual([
      [FIRST, false],
      [SECOND, true],
    ]);
    expect(detail.summary).toContain('Jours : 06/01/2027');
    expect(detail.summary).toContain('Jours refusés : 13/01/2027');
    expect(detail.refusalReason).toBe('Complet ce mercredi-là.');

    const days = await fixture.core.db('planning_days').where({ child_id: hugo, service_id: wednesdays }).whereIn('date', [FIRST, SECOND]);
    expect(days.map((d) => [d.date, d.state])).toEqual([[FIRST, 'reserved']]);
    const audits = await fixture.core.db('audit_log').where({ action: 'request.accept', entity_id: String(request) });
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0].details_json)).toMatchObject({ refusedDates: [SECOND], reason: 'Complet ce mercredi-là.' });

    const mail = await fixture.core.db('email_outbox').where('subject', 'like', '%acceptée en partie%').first();
    expect(mail.text_body).toContain('Jours : 06/01/2027');
    expect(mail.text_body).toContain('Jours refusés : 13/01/2027');
    expect(mail.text_body).toContain('Motif du refus : Complet ce mercredi-là.');
  });

  it('shows the family, in « Liste des demandes », the day booked and the day refused with its reason', async () => {
    const lists = await familyRecentRequests(fixture.core.db, familyId, '2026-11-30', ['reservation']);
    const row = lists.accepted.find((r) => r.id === request)!;
    expect(row.cells.find((c) => c.key === 'days')!.value).toBe('06/01/2027');
    expect(row.cells.find((c) => c.key === 'refusedDays')).toEqual({
      key: 'refusedDays',
      header: 'Jours refusés',
      value: '13/01/2027 — Motif : Complet ce mercredi-là.',
    });
  });
});

describe('the last place of a day', () => {
  it('goes to one of two requests accepted at once; the other stays pending, said full', async () => {
    const date = '2027-01-20';
    const first = await ask(dupont, hugo, [date]);
    const second = await ask(martin, tom, [date]);
    const capacity = (await booked(date)) + 1;
    await fixture.core.db('services').where({ id: wednesdays }).update({ capacity_per_day: capacity });
    const [a, b] = await Promise.all([staff('requests.accept', { id: first }), staff('requests.accept', { id: second })]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect((a.ok ? b : a).error.message).toBe('Complet le 20/01/2027 : refusez ce jour ou libérez une place avant d’accepter.');
    expect(await booked(date)).toBe(capacity);
    expect(await fixture.core.db('requests').whereIn('id', [first, second]).where({ state: 'pending' })).toHaveLength(1);
  });
});

describe('a day that changed while the request waited', () => {
  it('counts no place for a day the child already holds, and will not book a day closed since', async () => {
    const [held, closed] = ['2027-01-27', '2027-02-03'];
    const request = await ask(dupont, hugo, [held, closed]);
    await fixture.core.db('services').where({ id: wednesdays }).update({ capacity_per_day: 40 });
    // An agent booked the first day by phone meanwhile; the structure closes on the second.
    await fixture.core.db('planning_days').insert({
      child_id: hugo,
      service_id: wednesdays,
      date: held,
      state: 'reserved',
      late_cancellation: false,
      updated_at: '2026-11-30T09:00:00.000Z',
      updated_by: 'agent',
    });
    const othersOnHeld = (await booked(held)) - 1;
    const closure = await staff('closures.add', {
      structureId: null,
      serviceId: wednesdays,
      startsOn: closed,
      endsOn: closed,
      reason: 'Sortie',
    });
    expect(closure.ok).toBe(true);
    const detail = await staff('requests.get', { id: request });
    expect(detail.value.days).toEqual([
      { date: held, placesLeft: 40 - othersOnHeld, capacity: 40, closed: false, refused: false },
      { date: closed, placesLeft: expect.any(Number), capacity: 40, closed: true, refused: false },
    ]);
    const whole = await staff('requests.accept', { id: request });
    expect(whole.error.message).toBe('Fermé le 03/02/2027 : refusez ce jour avant d’accepter.');
    const kept = await staff('requests.accept', { id: request, refusedDates: [closed], reason: 'Structure fermée ce jour-là.' });
    expect(kept.ok).toBe(true);
    expect(await fixture.core.db('planning_days').where({ child_id: hugo, service_id: wednesdays, date: closed }).first()).toBeUndefined();
  });
});

describe('two agents deciding the same requests at once', () => {
  it('« Accepter la sélection » and a single « Accepter » each take the service first: one acceptance, no deadlock', async () => {
    const date = '2027-02-10';
    const first = await ask(dupont, hugo, [date]);
    const second = await ask(martin, tom, [date]);
    await fixture.core.db('services').where({ id: wednesdays }).update({ capacity_per_day: 40 });
    // On PostgreSQL a third transaction holds the service while both decisions start, so that they
    // meet at the locks: taken in opposite orders (request then service, service then request), one
    // of them would be killed as a deadlock.
    const holder = isPostgres(fixture.core.db) ? await fixture.core.db.transaction() : null;
    if (holder) await holder('services').where({ id: wednesdays }).forUpdate().select('id');
    const pause = () => new Promise((resolve) => setTimeout(resolve, 200));
    // The selection first in the queue for the service, then the single decision: without the
    // services locked first, the selection would claim the second request the single one holds.
    const selection = staff('requests.acceptMany', { ids: [first, second] });
    await pause();
    const one = staff('requests.accept', { id: second });
    await pause();
    await holder?.commit();
    const [many, single] = await Promise.all([selection, one]);
    expect(many.ok).toBe(true);
    expect(many.value.accepted).toContain(first);
    const secondAccepted = [many.value.accepted.includes(second), single.ok].filter(Boolean);
    expect(secondAccepted).toHaveLength(1);
    if (!single.ok) expect(single.error.message).toContain('Cette demande a déjà été acceptée');
    const audits = await fixture.core.db('audit_log').where({ action: 'request.accept', entity_id: String(second) });
    expect(audits).toHaveLength(1);
  });
});
