import { beforeAll, describe, expect, it } from 'vitest';
import { insertStaffUser } from '../../shared/core/accounts/staff-auth';
import { bookDays } from '../../shared/core/planning/booking';
import type { PortalSession } from '../../shared/core/accounts/portal-auth';
import { useStaffCore } from '../support/staff-core';

const fixture = useStaffCore();
let admin = '';
const asAdmin = async (name: string, input: unknown) =>
  (await fixture.core.dispatch({ name, input, sessionToken: admin, source: 'test' })).response as any;

beforeAll(async () => {
  await insertStaffUser(fixture.core.db, { username: 'admin', displayName: 'Admin', password: 'Admin-2026-x', role: 'admin' }, 'x');
  admin = (
    await fixture.core.dispatch({
      name: 'auth.login',
      input: { username: 'admin', password: 'Admin-2026-x' },
      sessionToken: null,
      source: 'test',
    })
  ).sessionToken!;
});

async function reserveLeaGarderie(date: string) {
  const account = await fixture.core.db('portal_accounts').where({ login: 'jean.dupont' }).first();
  const session: PortalSession = {
    actor: { kind: 'family', accountId: account.id, familyId: account.family_id, login: 'jean.dupont', sessionId: 't' },
    csrfToken: 'x',
    mustChangePassword: false,
  };
  const lea = (await fixture.core.db('children').where({ family_id: account.family_id, first_name: 'LÉA' }).first('id')).id;
  const garderie = (await fixture.core.db('services').where({ code: 'GARD_MATIN' }).first('id')).id;
  return (await bookDays(fixture.core.db, fixture.core.clock, session, {
    childId: lea,
    action: 'reserve',
    selections: [{ serviceId: garderie, date }],
    reason: '',
    repeatWeekly: false,
    source: 'test',
  }))![0]!;
}

describe('service settings and closures', () => {
  it('lets an admin move a booking deadline, which the next booking obeys', async () => {
    expect((await reserveLeaGarderie('2026-12-01')).result).toBe('refused'); // J-2: closed on Friday
    const garderie = (await fixture.staff('services.settings', {})).value.find((s: any) => s.label.endsWith('Garderie matin'));
    expect(await fixture.staff('services.updateSettings', { ...garderie, reservationDaysBefore: 1 })).toMatchObject({
      ok: false,
      error: { type: 'forbidden' },
    });
    const bad = await asAdmin('services.updateSettings', { ...garderie, reservationTime: '25:00' });
    expect(bad.error.fields).toEqual({ reservationTime: 'Heure attendue au format HH:MM.' });
    const { label: _label, ...settings } = garderie;
    expect((await asAdmin('services.updateSettings', { ...settings, reservationDaysBefore: 1, reservationTime: '18:00' })).ok).toBe(true);
    expect(await reserveLeaGarderie('2026-12-01')).toMatchObject({ result: 'accepted' });
    expect((await asAdmin('services.updateSettings', { ...settings, weekdays: [] })).error.fields).toEqual({
      weekdays: 'Choisissez au moins un jour.',
    });
  });

  it('says on which days a service runs, which the grid and the bookings follow', async () => {
    const garderie = (await fixture.staff('services.settings', {})).value.find((s: any) => s.label.endsWith('Garderie matin'));
    expect(garderie).toMatchObject({ runsSchoolDays: true, runsHolidays: false, weekdays: [1, 2, 4, 5] });
    const { label: _label, ...settings } = garderie;
    await asAdmin('services.updateSettings', { ...settings, weekdays: [1, 2, 3, 4, 5], runsWednesdays: true });
    expect(await reserveLeaGarderie('2026-12-09')).toMatchObject({ result: 'accepted' }); // a Wednesday, now open
  });

  it('closes a structure for a day, and opens it again', async () => {
    const structure = (await fixture.core.db('structures').where({ name: 'Garderie périscolaire' }).first('id')).id;
    const added = await fixture.staff('closures.add', {
      structureId: structure,
      serviceId: null,
      startsOn: '2026-12-15',
      endsOn: '2026-12-15',
      reason: 'Grève',
    });
    const strike = added.value.closures.find((c: any) => c.reason === 'Grève');
    expect(strike).toMatchObject({ scope: 'Garderie périscolaire', startsOn: '2026-12-15', endsOn: '2026-12-15' });
    expect(await reserveLeaGarderie('2026-12-15')).toMatchObject({ result: 'refused', message: 'La structure est fermée ce jour-là.' });
    await fixture.staff('closures.remove', { id: strike.id });
    expect(await reserveLeaGarderie('2026-12-15')).toMatchObject({ result: 'accepted' });
  });

  it('lists the zone B holidays and lets an admin correct their dates', async () => {
    const holidays = (await fixture.staff('calendar.holidays', {})).value;
    const winter = holidays.find((h: any) => h.schoolYear === '2026-2027' && h.name === "Vacances d'hiver");
    expect(winter).toMatchObject({ kind: 'P', startsOn: '2027-02-20', endsOn: '2027-03-07' });
    expect(holidays.filter((h: any) => h.name === "Vacances d'hiver")).toHaveLength(2); // zone B only, two school years
    expect(await fixture.staff('calendar.updateHoliday', { id: winter.id, startsOn: '2027-02-13', endsOn: '2027-02-28' })).toMatchObject({
      ok: false,
      error: { type: 'forbidden' },
    });
    const updated = await asAdmin('calendar.updateHoliday', { id: winter.id, startsOn: '2027-02-13', endsOn: '2027-02-28' });
    expect(updated.value.find((h: any) => h.id === winter.id)).toMatchObject({ startsOn: '2027-02-13', endsOn: '2027-02-28' });
  });
});
