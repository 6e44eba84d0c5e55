import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalSession } from '../../shared/core/accounts/portal-auth';
import { bookDays, daysAsked, type BookingAction } from '../../shared/core/planning/booking';
import { createTestCore, type TestCore } from '../support/test-app';

// The test clock: Monday 30 November 2026, 10:00 in Paris.
let core: TestCore;
let session: PortalSession;
let lea: number;
let hugo: number;
const service = async (code: string) => (await core.db('services').where({ code }).first('id')).id as number;

beforeAll(async () => {
  core = await createTestCore();
  const account = await core.db('portal_accounts').where({ login: 'jean.dupont' }).first();
  session = {
    actor: { kind: 'family', accountId: account.id, familyId: account.family_id, login: 'jean.dupont', sessionId: 't' },
    csrfToken: 'x',
    mustChangePassword: false,
  };
  lea = (await core.db('children').where({ family_id: account.family_id, first_name: 'LÉA' }).first('id')).id;
  hugo = (await core.db('children').where({ family_id: account.family_id, first_name: 'HUGO' }).first('id')).id;
});
afterAll(async () => {
  await core?.destroy();
});

const book = (
  childId: number,
  action: BookingAction,
  selections: Array<{ serviceId: number; date: string }>,
  extra: { reason?: string; repeatWeekly?: boolean } = {},
) =>
  bookDays(core.db, core.clock, session, {
    childId,
    action,
    selections,
    reason: extra.reason ?? '',
    repeatWeekly: extra.repeatWeekly ?? false,
    source: 'test',
  });

describe('booking a day from the planning', () => {
  it('books at once a service without agent validation, before the deadline', async () => {
    const garderie = await service('GARD_MATIN');
    const [outcome] = (await book(lea, 'reserve', [{ serviceId: garderie, date: '2026-12-08' }]))!;
    expect(outcome).toMatchObject({ result: 'accepted', message: 'Réservé.' });
    expect(await core.db('planning_days').where({ child_id: lea, service_id: garderie, date: '2026-12-08' }).first()).toMatchObject({
      state: 'reserved',
    });
  });

  it('refuses after the deadline, saying until when it was open', async () => {
    const [outcome] = (await book(lea, 'reserve', [{ serviceId: await service('GARD_MATIN'), date: '2026-12-01' }]))!;
    expect(outcome).toMatchObject({ result: 'refused', message: 'Délai de réservation dépassé (jusqu’au 27/11/2026 à 10:00).' });
  });

  it('sends a request when the service is validated by an agent, and repeats « every Wednesday until the holidays »', async () => {
    const wednesdays = await service('ALSH_MER_PM');
    const outcomes = (await book(hugo, 'reserve', [{ serviceId: wednesdays, date: '2026-12-02' }], { repeatWeekly: false }))!;
    expect(outcomes).toEqual([
      {
        serviceName: 'ALSH Mercredi après-midi',
        date: '2026-12-02',
        result: 'refused',
        message: 'Votre enfant n’est pas inscrit à cette prestation ce jour-là.',
      },
    ]);
    const day = await service('ALSH_MER_J');
    const repeated = (await book(hugo, 'reserve', [{ serviceId: day, date: '2026-12-02' }], { repeatWeekly: true }))!;
    const request = await core
      .db('requests')
      .where({ child_id: hugo, category: 'reservation', state: 'pending' })
      .orderBy('id', 'desc')
      .first();
    const dates = JSON.parse(request.proposed_json).dates as string[];
    expect(dates.every((d) => d >= '2026-12-02' && d < '2026-12-19')).toBe(true); // Noël holidays start 19 December
    expect(repeated.filter((o) => o.result === 'pending').map((o) => o.date)).toEqual(dates);
  });

  it('refuses public holidays, closures and days the service does not run', async () => {
    const garderie = await service('GARD_MATIN');
    const structure = (await core.db('services').where({ id: garderie }).first('structure_id')).structure_id;
    await core.db('closures').insert({ structure_id: structure, starts_on: '2026-12-15', ends_on: '2026-12-15', reason: 'Formation' });
    const outcomes = (await book(lea, 'reserve', [
      { serviceId: garderie, date: '2026-12-15' },
      { serviceId: garderie, date: '2026-12-16' },
      { serviceId: garderie, date: '2026-12-25' },
    ]))!;
    expect(outcomes.map((o) => o.message)).toEqual([
      'La structure est fermée ce jour-là.',
      'La prestation n’a pas lieu ce jour-là.',
      'Jour férié : la prestation n’a pas lieu.',
    ]);
  });

  it('puts a child on the waiting list when the day is full, never over capacity', async () => {
    const garderie = await service('GARD_MATIN');
    const booked = async () =>
      Number(
        (await core
          .db('planning_days')
          .where({ service_id: garderie, date: '2026-12-11' })
          .whereIn('state', ['reserved', 'regular'])
          .count<{ n: number }[]>({ n: '*' })
          .first())!.n,
      );
    const taken = await booked(); // ZOÉ MARTIN comes every Friday
    expect(taken).toBeGreaterThan(0);
    await core.db('services').where({ id: garderie }).update({ capacity_per_day: taken });
    const onFull = (await book(lea, 'reserve', [{ serviceId: garderie, date: '2026-12-11' }]))![0]!;
    expect(onFull).toMatchObject({ result: 'waiting_list', message: expect.stringContaining('liste d’attente') });
    expect(await core.db('waiting_list').where({ child_id: lea, service_id: garderie, date: '2026-12-11' }).first()).toMatchObject({
      state: 'waiting',
    });
    const after = await booked();
    expect(after).toBe(taken);
  });

  it('offers a freed place to the waiting list first, and keeps it for that family', async () => {
    const garderie = await service('GARD_MATIN');
    const account = await core.db('portal_accounts').where({ login: 'marie.martin' }).first();
    const marie: PortalSession = {
      actor: { kind: 'family', accountId: account.id, familyId: account.family_id, login: 'marie.martin', sessionId: 't' },
      csrfToken: 'x',
      mustChangePassword: false,
    };
    const zoe = (await core.db('children').where({ family_id: account.family_id, first_name: 'ZOÉ' }).first('id')).id;
    const asMarie = (action: BookingAction) =>
      bookDays(core.db, core.clock, marie, {
        childId: zoe,
        action,
        selections: [{ serviceId: garderie, date: '2026-12-11' }],
        reason: 'Rendez-vous',
        repeatWeekly: false,
        source: 'test',
      });
    expect((await asMarie('absence'))![0]).toMatchObject({ result: 'accepted' });
    expect(await core.db('waiting_list').where({ child_id: lea, service_id: garderie, date: '2026-12-11' }).first()).toMatchObject({
      state: 'offered',
    });
    expect(
      await core.db('messages').where({ family_id: session.actor.familyId, subject: 'Une place s’est libérée' }).first(),
    ).toBeDefined();
    expect((await asMarie('reserve'))![0]).toMatchObject({ result: 'waiting_list' }); // the place is LÉA's
    expect((await book(lea, 'reserve', [{ serviceId: garderie, date: '2026-12-11' }]))![0]).toMatchObject({ result: 'accepted' });
    expect(await core.db('waiting_list').where({ child_id: lea, service_id: garderie, date: '2026-12-11' }).first()).toMatchObject({
      state: 'taken',
    });
    const agent = (
      await core.dispatch({ name: 'auth.login', input: { username: 'agent', password: 'Mairie2015' }, sessionToken: null, source: 'test' })
    ).sessionToken!;
    const month = await core.dispatch({
      name: 'capacity.month',
      input: { serviceId: garderie, month: '2026-12' },
      sessionToken: agent,
      source: 'test',
    });
    const day = (month.response as any).value.find((d: any) => d.date === '2026-12-11');
    expect(day).toMatchObject({ capacity: day.booked, waiting: 1, offered: 0 });
    await core.db('services').where({ id: garderie }).update({ capacity_per_day: 30 });
  });
});

describe('a day asked outside the bookable window', () => {
  it('repeats nothing from a 19th-century day: one refusal, not a hundred and fifty years of Wednesdays', async () => {
    const day = await service('GARD_MATIN');
    const outcomes = (await book(lea, 'reserve', [{ serviceId: day, date: '1850-01-07' }], { repeatWeekly: true }))!;
    expect(outcomes).toEqual([
      {
        serviceName: 'Garderie matin',
        date: '1850-01-07',
        result: 'refused',
        message: 'Ce jour n’est dans aucune année scolaire du calendrier de la commune.',
      },
    ]);
  });

  it('repeats a day weekly up to the holidays, never beyond its school year', () => {
    const calendar = {
      today: '2026-11-30',
      holidayStarts: ['2026-12-19', '2027-02-20', '2027-07-04'],
      schoolYears: [{ starts_on: '2026-09-01', ends_on: '2027-07-03' }],
    };
    expect(daysAsked([{ serviceId: 1, date: '2026-12-02' }], true, calendar).get(1)).toEqual(['2026-12-02', '2026-12-09', '2026-12-16']);
    // Past days and days outside every school year stay as asked, each refused on its own.
    expect(daysAsked([{ serviceId: 1, date: '2026-11-04' }], true, calendar).get(1)).toEqual(['2026-11-04']);
    expect(daysAsked([{ serviceId: 1, date: '2027-08-04' }], true, calendar).get(1)).toEqual(['2027-08-04']);
    // After the last holidays of the year, the repetition stops with the year.
    const june = daysAsked([{ serviceId: 1, date: '2027-06-16' }], true, { ...calendar, holidayStarts: ['2026-12-19'] });
    expect(june.get(1)).toEqual(['2027-06-16', '2027-06-23', '2027-06-30']);
  });
});

describe('declaring an absence', () => {
  it('records it with its reason, and bills it when declared after the cancellation deadline', async () => {
    const canteen = await service('RESTO');
    const outcomes = (await book(
      lea,
      'absence',
      [
        { serviceId: canteen, date: '2026-12-01' },
        { serviceId: canteen, date: '2026-12-07' },
      ],
      { reason: 'Maladie' },
    ))!;
    expect(outcomes.map((o) => [o.date, o.result, o.message])).toEqual([
      [
        '2026-12-01',
        'accepted',
        'Absence enregistrée hors délai d’annulation : la journée sera facturée, sauf sur certificat médical. Raison médicale : transmettez le certificat à la commune, sinon l’annulation ne sera pas validée.',
      ],
      [
        '2026-12-07',
        'accepted',
        'Absence enregistrée. Raison médicale : transmettez le certificat à la commune, sinon l’annulation ne sera pas validée.',
      ],
    ]);
    expect(await core.db('planning_days').where({ child_id: lea, service_id: canteen, date: '2026-12-01' }).first()).toMatchObject({
      state: 'absent_billed',
      absence_reason: 'Maladie',
    });
    expect(await core.db('planning_days').where({ child_id: lea, service_id: canteen, date: '2026-12-07' }).first()).toMatchObject({
      state: 'absent_excused',
      late_cancellation: expect.anything(),
    });
  });

  it('refuses an absence on a day that was not booked', async () => {
    const [outcome] = (await book(lea, 'absence', [{ serviceId: await service('GARD_MATIN'), date: '2026-12-09' }], {
      reason: 'Rendez-vous',
    }))!;
    expect(outcome).toMatchObject({ result: 'refused' });
  });

  it('is refused for another family’s child', async () => {
    const tom = (await core.db('children').where({ first_name: 'TOM' }).first('id')).id;
    expect(await book(tom, 'reserve', [{ serviceId: await service('RESTO'), date: '2026-12-09' }])).toBeNull();
  });
});
