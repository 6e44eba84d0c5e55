import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { forgetReferenceData, referenceData, REFERENCE_TTL_MS } from '../../shared/core/reference/reference-data';
import type { TestCore } from '../support/test-app';
import { useStaffCore } from '../support/staff-core';

const fixture = useStaffCore();
let core: TestCore;

async function staff(name: string, input: unknown) {
  const response = await fixture.staff(name, input);
  if (!response.ok) throw new Error(response.error.message);
  return response.value;
}

beforeAll(() => {
  core = fixture.core;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the reference data the portal keeps', () => {
  it('holds the commune, its school years, its zone’s holidays and the services in their order', async () => {
    forgetReferenceData();
    const reference = await referenceData(core.database.reader);
    const settings = await core.db('commune_settings').where({ id: 1 }).first('name', 'school_zone');
    expect(reference.commune.name).toBe(settings.name);
    expect(reference.schoolYears[0]).toBe((await core.db('school_years').orderBy('starts_on', 'desc').first('label')).label);
    const zones = new Set((await core.db('holidays').select('zone')).map((h) => h.zone));
    expect(zones.size).toBeGreaterThan(0);
    expect(reference.holidays.length).toBe(
      Number((await core.db('holidays').whereIn('zone', ['*', settings.school_zone]).count({ n: '*' }).first())!.n),
    );
    const services = await core
      .db('services as s')
      .join('structures as st', 'st.id', 's.structure_id')
      .orderBy(['st.position', 's.position', 's.id'])
      .select('s.code');
    expect(reference.services.map((s) => s.code)).toEqual(services.map((s) => s.code));
  });

  it('is read once for concurrent pages, and again only when forgotten or too old', async () => {
    forgetReferenceData();
    const [a, b] = [referenceData(core.database.reader), referenceData(core.database.reader)];
    expect(a).toBe(b);
    await a; // read before the change below (on PostgreSQL the readers are another pool, running alongside)
    await core.db('commune_settings').update({ home_message: 'Changé depuis un autre poste' });
    expect((await referenceData(core.database.reader)).commune.homeMessage).not.toBe('Changé depuis un autre poste');

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + REFERENCE_TTL_MS + 1);
    expect((await referenceData(core.database.reader)).commune.homeMessage).toBe('Changé depuis un autre poste');
  });

  it('is forgotten as soon as an agent’s change of the calendar or the settings commits', async () => {
    const before = await referenceData(core.database.reader);
    await staff('closures.add', { structureId: null, serviceId: null, startsOn: '2027-01-04', endsOn: '2027-01-04', reason: 'Inventaire' });
    const after = await referenceData(core.database.reader);
    expect(after).not.toBe(before);
    expect(after.closures).toContainEqual({ structureId: null, serviceId: null, startsOn: '2027-01-04', endsOn: '2027-01-04' });

    await staff('settings.updateHomeMessage', { homeMessage: 'Inscriptions ouvertes' });
    expect((await referenceData(core.database.reader)).commune.homeMessage).toBe('Inscriptions ouvertes');
  });

  it('is kept when an operation that does not touch it commits', async () => {
    const before = await referenceData(core.database.reader);
    await staff('families.list', { page: 0, pageSize: 5 });
    expect(await referenceData(core.database.reader)).toBe(before);
  });
});
