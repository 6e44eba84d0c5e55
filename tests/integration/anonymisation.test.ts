import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymisationJob } from '../../shared/core/anonymisation/anonymisation';
import { yearsBefore } from '../../shared/core/anonymisation/gone-families';
import { createTestCore, TEST_NOW, type TestCore } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { staffCalls } from '../support/staff-core';

// The demo commune, years later: every family's last activity is in the 2026–2027 school year.
// On 1 March 2034, with the default of six years, those that owe nothing are gone; DUPONT
// (AL-23) and MARTIN (GP-64) still owe their November invoices and keep their files.
const LATER = '2034-03-01T09:00:00.000Z';

let core: TestCore;
let clock: TestClock;
let admin: string;
beforeAll(async () => {
  clock = new TestClock(TEST_NOW);
  core = await createTestCore({ clock });
  clock.advanceMinutes((Date.parse(LATER) - Date.parse(TEST_NOW)) / 60_000);
  admin = await logIn('directrice', 'Direction2015');
});
afterAll(async () => {
  await core?.destroy();
});

const { logIn, call } = staffCalls(() => core);
const familyOf = async (login: string) => Number((await core.db('portal_accounts').where({ login }).first('family_id')).family_id);
const previewIds = async () =>
  ((await call(admin, 'anonymisation.view', {})).value.families as Array<{ familyId: number }>).map((f) => f.familyId);

describe('the day N years before', () => {
  it('is a real calendar day, 29 February giving 28 February', () => {
    expect(yearsBefore('2034-03-01', 6)).toBe('2028-03-01');
    expect(yearsBefore('2028-02-29', 6)).toBe('2022-02-28');
    expect(yearsBefore('2032-02-29', 4)).toBe('2028-02-29');
  });
});

describe('families gone for six years', () => {
  it('are previewed, each with its last day of activity; a family still owing is not among them', async () => {
    const view = (await call(admin, 'anonymisation.view', {})).value;
    expect(view).toMatchObject({ years: 6, goneBefore: '2028-03-01', anonymisedSoFar: 0 });
    expect(view.total).toBeGreaterThan(0);
    expect(view.families.every((f: { lastActivityOn: string }) => f.lastActivityOn < '2028-03-01')).toBe(true);
    const ids = view.families.map((f: { familyId: number }) => f.familyId);
    expect(ids).not.toContain(await familyOf('jean.dupont'));
    expect(ids).not.toContain(await familyOf('marie.martin'));
  });

  it('stay on file while anything happened since: a login, a request, a message, a day booked', async () => {
    const [familyId] = await previewIds();
    const child = await core.db('children').where({ family_id: familyId }).first('id');
    const service = await core.db('services').first('id');
    const recent = '2029-05-04T10:00:00.000Z';
    const activities: Array<{ add: () => Promise<unknown>; undo: () => Promise<unknown> }> = [
      {
        add: () => core.db('portal_accounts').where({ family_id: familyId }).update({ last_login_at: recent }),
        undo: () => core.db('portal_accounts').where({ family_id: familyId }).update({ last_login_at: null }),
      },
      {
        add: () =>
          core.db('requests').insert({
            family_id: familyId,
            category: 'responsable',
            proposed_json: '{}',
            state: 'refused',
            family_comment: '',
            created_at: recent,
          }),
        undo: () => core.db('requests').where({ family_id: familyId, created_at: recent }).delete(),
      },
      {
        add: () =>
          core.db('messages').insert({ family_id: familyId, direction: 'from_family', subject: 'Bonjour', body: '…', created_at: recent }),
        undo: () => core.db('messages').where({ family_id: familyId, created_at: recent }).delete(),
      },
      {
        add: () =>
          core
            .db('planning_days')
            .insert({ child_id: child.id, service_id: service.id, date: '2029-05-07', state: 'reserved', updated_at: recent }),
        undo: () => core.db('planning_days').where({ child_id: child.id, date: '2029-05-07' }).delete(),
      },
    ];
    for (const activity of activities) {
      await activity.add();
      expect(await previewIds()).not.toContain(familyId);
      await activity.undo();
      expect(await previewIds()).toContain(familyId);
    }
  });

  it('are anonymised once, by the job and an admin at once: records emptied, accounting documents kept, each in the Journal', async () => {
    const view = (await call(admin, 'anonymisation.view', {})).value;
    const target = view.families.find(() => true)!;
    const name = (await core.db('family_adults').where({ family_id: target.familyId, role: 'responsable' }).first('last_name')).last_name;
    const invoicesBefore = await core.db('invoices').where({ family_id: target.familyId }).orderBy('id').select('number', 'total_cents');
    const paymentsBefore = await core.db('payments').where({ family_id: target.familyId }).count({ n: '*' }).first();
    const [byJob, byAdmin] = await Promise.all([anonymisationJob(core.db, clock), call(admin, 'anonymisation.run', {})]);
    expect(byAdmin).toMatchObject({ ok: true });
    expect(byJob + byAdmin.value.anonymised).toBe(view.total);
    expect(byAdmin.value).toMatchObject({ total: 0, anonymisedSoFar: view.total });
    const entries = await core.db('audit_log').where({ action: 'family.anonymise' }).select('entity_id');
    expect(entries).toHaveLength(view.total);
    expect(new Set(entries.map((e) => e.entity_id)).size).toBe(view.total);

    const adults = await core.db('family_adults').where({ family_id: target.familyId }).select('*');
    expect(
      adults.every((a) => a.last_name === 'ANONYME' && a.first_name === '' && a.email === '' && a.phone_mobile === '' && a.address === ''),
    ).toBe(true);
    const children = await core.db('children').where({ family_id: target.familyId }).select('id', 'last_name', 'first_name', 'birth_date');
    expect(children.every((c) => c.last_name === 'ANONYME' && c.first_name === '' && String(c.birth_date).endsWith('-01-01'))).toBe(true);
    const childIds = children.map((c) => c.id);
    for (const table of ['child_health', 'child_vaccinations', 'authorized_persons', 'child_information']) {
      expect(await core.db(table).whereIn('child_id', childIds).first(), table).toBeUndefined();
    }
    for (const table of [
      'family_bank',
      'family_fiscal',
      'family_caf',
      'portal_accounts',
      'messages',
      'absence_certificates',
      'calendar_feeds',
    ]) {
      expect(await core.db(table).where({ family_id: target.familyId }).first(), table).toBeUndefined();
    }
    expect(await core.db('invoices').where({ family_id: target.familyId }).orderBy('id').select('number', 'total_cents')).toEqual(
      invoicesBefore,
    );
    expect(await core.db('payments').where({ family_id: target.familyId }).count({ n: '*' }).first()).toEqual(paymentsBefore);
    const journal = await core
      .db('audit_log')
      .where({ family_id: target.familyId })
      .whereNot({ action: 'family.anonymise' })
      .pluck('details_json');
    expect(journal.every((d) => d === '{}')).toBe(true);
    // Found by its number, not by its name any more.
    const { search_text } = await core.db('families').where({ id: target.familyId }).first('search_text');
    expect(search_text).toContain(target.familyNumber);
    expect(search_text).not.toContain(String(name).toLowerCase());
  });

  it('a family still owing keeps its whole file, and its record reads as before', async () => {
    const dupont = await familyOf('jean.dupont');
    expect((await core.db('family_adults').where({ family_id: dupont, role: 'responsable' }).first('last_name')).last_name).toBe('DUPONT');
    expect(await core.db('families').where({ id: dupont }).first('anonymised_at')).toEqual({ anonymised_at: null });
  });
});

describe('the setting', () => {
  it('is a number of years between 2 and 30, said in French, and changing it is in the Journal', async () => {
    const tooFew = await call(admin, 'anonymisation.setYears', { years: 1 });
    expect(tooFew).toMatchObject({ ok: false, error: { type: 'validation' } });
    expect(JSON.stringify(tooFew.error)).toContain('Au moins 2 ans.');
    expect(JSON.stringify(await call(admin, 'anonymisation.setYears', { years: 31 }))).toContain('Au plus 30 ans.');
    expect(await call(admin, 'anonymisation.setYears', { years: 10 })).toMatchObject({
      ok: true,
      value: { years: 10, goneBefore: '2024-03-01' },
    });
    expect(await core.db('audit_log').where({ action: 'settings.anonymisation' }).first('details_json')).toEqual({
      details_json: JSON.stringify({ years: [6, 10] }),
    });
  });

  it('is for admins only', async () => {
    const agent = await logIn('agent', 'Mairie2015');
    expect(await call(agent, 'anonymisation.view', {})).toMatchObject({ ok: false, error: { type: 'forbidden' } });
    expect(await call(agent, 'anonymisation.run', {})).toMatchObject({ ok: false, error: { type: 'forbidden' } });
  });
});
