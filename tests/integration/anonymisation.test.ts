import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymisationJob } from '../../shared/core/anonymisation/anonymisation';
import { yearsBefore } from '../../shared/core/anonymisation/gone-families';
import { createTestCore, TEST_NOW, type TestCore } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { staffCalls } from '../support/staff-core';
import { pdfText } from '../support/pdf-text';

// The demo commune, years later: every family's last activity is in the 2026–2027 school year.
// On 1 March 2034, with the default of six years, those whose account is settled are gone; DUPONT
// (AL-23) and MARTIN (GP-64) still owe their November invoices and keep their files.
const LATER = '2034-03-01T09:00:00.000Z';
const RECENT = '2033-05-04T10:00:00.000Z';

let core: TestCore;
let clock: TestClock;
let admin: string;
let agent: string;
beforeAll(async () => {
  clock = new TestClock(TEST_NOW);
  core = await createTestCore({ clock });
  clock.advanceMinutes((Date.parse(LATER) - Date.parse(TEST_NOW)) / 60_000);
  admin = await logIn('directrice', 'Direction2015');
  agent = await logIn('agent', 'Mairie2015');
});
afterAll(async () => {
  await core?.destroy();
});

const { logIn, call } = staffCalls(() => core);
const familyOf = async (login: string) => Number((await core.db('portal_accounts').where({ login }).first('family_id')).family_id);
const view = async () => (await call(admin, 'anonymisation.view', {})).value;
const previewIds = async () => ((await view()).families as Array<{ familyId: number }>).map((f) => f.familyId);

describe('the day N years before', () => {
  it('is a real calendar day, 29 February giving 28 February', () => {
    expect(yearsBefore('2034-03-01', 6)).toBe('2028-03-01');
    expect(yearsBefore('2028-02-29', 6)).toBe('2022-02-28');
    expect(yearsBefore('2032-02-29', 4)).toBe('2028-02-29');
  });
});

describe('families gone for six years', () => {
  it('are previewed, each with its last day of activity; a family still owing is not among them', async () => {
    const preview = await view();
    expect(preview).toMatchObject({ years: 6, enabledAt: null, goneBefore: '2028-03-01', anonymisedSoFar: 0 });
    expect(preview.total).toBeGreaterThan(0);
    expect(preview.families.every((f: { lastActivityOn: string }) => f.lastActivityOn < '2028-03-01')).toBe(true);
    const ids = preview.families.map((f: { familyId: number }) => f.familyId);
    expect(ids).not.toContain(await familyOf('jean.dupont'));
    expect(ids).not.toContain(await familyOf('marie.martin'));
  });

  it('stay on file while anything happened since, anything waits, or anything is owed either way', async () => {
    const [familyId] = await previewIds();
    const child = await core.db('children').where({ family_id: familyId }).first('id');
    const service = await core.db('services').first('id');
    const regie = await core.db('regies').first('id');
    const payment = (fields: object) => ({
      family_id: familyId,
      type: 'virement',
      reference: 'test',
      paid_on: '2027-01-05',
      amount_cents: 1000,
      status: 'confirmed',
      created_at: '2027-01-05T10:00:00.000Z',
      ...fields,
    });
    const cases: Array<{ what: string; add: () => Promise<unknown>; undo: () => Promise<unknown>; years?: number }> = [
      {
        what: 'a login',
        add: () => core.db('portal_accounts').where({ family_id: familyId }).update({ last_login_at: RECENT }),
        undo: () => core.db('portal_accounts').where({ family_id: familyId }).update({ last_login_at: null }),
      },
      {
        what: 'a request, or one still waiting',
        add: () =>
          core.db('requests').insert({
            family_id: familyId,
            category: 'responsable',
            proposed_json: '{}',
            state: 'pending',
            family_comment: '',
            created_at: '2027-01-04T10:00:00.000Z',
          }),
        undo: () => core.db('requests').where({ family_id: familyId, state: 'pending' }).delete(),
      },
      {
        what: 'a message',
        add: () =>
          core.db('messages').insert({ family_id: familyId, direction: 'from_family', subject: 'Bonjour', body: '…', created_at: RECENT }),
        undo: () => core.db('messages').where({ family_id: familyId, created_at: RECENT }).delete(),
      },
      {
        what: 'a day booked',
        add: () =>
          core
            .db('planning_days')
            .insert({ child_id: child.id, service_id: service.id, date: '2033-05-09', state: 'reserved', updated_at: RECENT }),
        undo: () => core.db('planning_days').where({ child_id: child.id, date: '2033-05-09' }).delete(),
      },
      {
        what: 'a child added by an agent',
        add: () => core.db('children').where({ id: child.id }).update({ updated_at: RECENT }),
        undo: () => core.db('children').where({ id: child.id }).update({ updated_at: '2026-11-30T09:00:00.000Z' }),
      },
      {
        what: 'a change the Journal records',
        add: () =>
          core.db('audit_log').insert({
            at: RECENT,
            actor_type: 'staff',
            actor_label: 'agent',
            action: 'family.update',
            entity: 'family',
            entity_id: String(familyId),
            details_json: '{}',
            source: 'test',
            family_id: familyId,
          }),
        undo: () => core.db('audit_log').where({ family_id: familyId, at: RECENT }).delete(),
      },
      {
        what: 'an active mandate',
        add: () =>
          core.db('sepa_mandates').insert({
            family_id: familyId,
            rum: 'PF-TEST-1',
            signed_on: '2027-01-04',
            holder: 'X',
            iban: '',
            bic: 'PSSTFRPPXXX',
            status: 'active',
            created_at: RECENT,
          }),
        undo: () => core.db('sepa_mandates').where({ rum: 'PF-TEST-1' }).delete(),
      },
      {
        what: 'a credit the commune owes it (paid more than billed)',
        add: () => core.db('payments').insert(payment({ reference: 'trop-percu' })),
        undo: () => core.db('payments').where({ family_id: familyId, reference: 'trop-percu' }).delete(),
      },
      {
        what: 'a titre the trésorerie may still recover (four years), with two years set',
        years: 2,
        add: async () => {
          await core.db('invoices').insert({
            regie_id: regie.id,
            family_id: familyId,
            sequence: 999_001,
            number: 'TEST-1',
            kind: 'invoice',
            period_month: '2031-04',
            issued_on: '2031-05-01',
            due_on: '2031-05-31',
            total_cents: 1000,
            status: 'issued',
            created_at: '2031-05-01T10:00:00.000Z',
          });
          await core.db('payments').insert(payment({ type: 'titre', reference: 'titre', paid_on: '2031-06-01' }));
        },
        undo: async () => {
          await core.db('payments').where({ family_id: familyId, reference: 'titre' }).delete();
          await core.db('invoices').where({ number: 'TEST-1' }).delete();
        },
      },
    ];
    for (const c of cases) {
      if (c.years) expect(await call(admin, 'anonymisation.setYears', { years: c.years })).toMatchObject({ ok: true });
      const before = await previewIds();
      expect(before, c.what).toContain(familyId);
      await c.add();
      expect(await previewIds(), c.what).not.toContain(familyId);
      await c.undo();
      expect(await previewIds(), c.what).toContain(familyId);
      if (c.years) expect(await call(admin, 'anonymisation.setYears', { years: 6 })).toMatchObject({ ok: true });
    }
  });

  it('wait for an admin to switch the job on, confirming the list read', async () => {
    expect(await anonymisationJob(core.db, clock)).toBe(0);
    expect(await call(admin, 'anonymisation.enable', { goneBefore: '2028-02-01' })).toMatchObject({
      ok: false,
      error: { type: 'conflict' },
    });
    expect(await call(admin, 'anonymisation.run', { goneBefore: '2028-03-01' })).toMatchObject({ ok: false, error: { type: 'conflict' } });
    expect(await call(admin, 'anonymisation.enable', { goneBefore: '2028-03-01' })).toMatchObject({
      ok: true,
      value: { enabledAt: LATER },
    });
    // A shorter time brings more families in: the job stops until the new list is read.
    expect(await call(admin, 'anonymisation.setYears', { years: 5 })).toMatchObject({ ok: true, value: { enabledAt: null } });
    expect(await call(admin, 'anonymisation.setYears', { years: 6 })).toMatchObject({ ok: true, value: { enabledAt: null } });
    expect(await call(admin, 'anonymisation.enable', { goneBefore: '2028-03-01' })).toMatchObject({ ok: true });
  });

  it('are anonymised once by two processes at once: records emptied, accounting documents and their Journal kept', async () => {
    const preview = await view();
    // One with invoices and payments, the accounting documents that must stay.
    const billed = new Set((await core.db('payments').distinct('family_id').pluck('family_id')).map(Number));
    const target = preview.families.find((f: { familyId: number }) => billed.has(f.familyId));
    const name = (await core.db('family_adults').where({ family_id: target.familyId, role: 'responsable' }).first('last_name')).last_name;
    const birth = (await core.db('children').where({ family_id: target.familyId }).orderBy('id').first('birth_date')).birth_date;
    const invoicesBefore = await core.db('invoices').where({ family_id: target.familyId }).orderBy('id').select('number', 'total_cents');
    const linesBefore = await core
      .db('invoice_lines')
      .whereIn('invoice_id', core.db('invoices').where({ family_id: target.familyId }).select('id'))
      .count({ n: '*' })
      .first();
    const accountingBefore = await core
      .db('audit_log')
      .where({ family_id: target.familyId })
      .where('action', 'like', 'payments.%')
      .select('id', 'details_json');
    expect(await call(admin, 'anonymisation.run', { goneBefore: preview.goneBefore })).toMatchObject({ ok: true });
    const [first, second] = await Promise.all([anonymisationJob(core.db, clock), anonymisationJob(core.db, clock)]);
    expect(first + second).toBe(preview.total);
    expect(await view()).toMatchObject({ total: 0, anonymisedSoFar: preview.total });
    const entries = await core.db('audit_log').where({ action: 'family.anonymise' }).pluck('entity_id');
    expect(new Set(entries).size).toBe(preview.total);
    expect(entries).toHaveLength(preview.total);

    const adults = await core.db('family_adults').where({ family_id: target.familyId }).select('*');
    expect(
      adults.every((a) => a.last_name === 'ANONYME' && a.first_name === '' && a.email === '' && a.phone_mobile === '' && a.address === ''),
    ).toBe(true);
    const children = await core
      .db('children')
      .where({ family_id: target.familyId })
      .orderBy('id')
      .select('id', 'last_name', 'first_name', 'birth_date', 'archived_at');
    expect(children.every((c) => c.last_name === 'ANONYME' && c.first_name === '' && c.archived_at)).toBe(true);
    expect(children[0].birth_date).toBe(`${String(birth).slice(0, 7)}-01`); // the month of birth, for the statistics by age
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
    expect(
      await core
        .db('invoice_lines')
        .whereIn('invoice_id', core.db('invoices').where({ family_id: target.familyId }).select('id'))
        .count({ n: '*' })
        .first(),
    ).toEqual(linesBefore);
    // The régie's trail keeps its amounts; the rest of the family's Journal keeps who and when, not the values nor the address.
    expect(
      await core
        .db('audit_log')
        .whereIn(
          'id',
          accountingBefore.map((e) => e.id),
        )
        .select('id', 'details_json'),
    ).toEqual(accountingBefore);
    const others = await core
      .db('audit_log')
      .where({ family_id: target.familyId })
      .whereNot('action', 'like', 'payments.%')
      .whereNot({ action: 'family.anonymise' })
      .select('details_json', 'source', 'actor_type');
    expect(others.every((e) => e.details_json === '{}')).toBe(true);
    expect(others.filter((e) => e.actor_type === 'family').every((e) => e.source === '')).toBe(true);
    // Its invoices print again as they were billed, the addressee said to be anonymised.
    const invoice = await core.db('invoices').where({ family_id: target.familyId }).first('id');
    const printed = await call(agent, 'invoices.pdf', { invoiceIds: [invoice.id] });
    const text = await pdfText(Buffer.from(printed.value.base64, 'base64'));
    expect(text.replace(/\s+/g, ' ')).toContain('Duplicata — famille anonymisée le 01/03/2034 (RGPD)');
    expect(text.split('N° Famille')[0]).not.toContain(String(name)); // the addressee; the lines name the child, as billed
    const { search_text } = await core.db('families').where({ id: target.familyId }).first('search_text');
    expect(search_text).toContain(target.familyNumber);
    expect(search_text).not.toContain(String(name).toLowerCase());
  });

  it('cannot be edited, given a portal account or a child afterwards: refused at once, nothing hangs', async () => {
    const target = await core.db('families').whereNotNull('anonymised_at').orderBy('id').first('id');
    const child = await core.db('children').where({ family_id: target.id }).first('id');
    expect(await call(agent, 'portalAccounts.create', { familyId: target.id })).toMatchObject({ ok: false, error: { type: 'not_found' } });
    expect(await call(agent, 'families.get', { id: target.id })).toMatchObject({ ok: false, error: { type: 'not_found' } });
    const stale = await call(agent, 'records.updateSection', {
      section: 'child_information',
      ownerId: child.id,
      expected: {},
      values: { otherInformation: 'LAMBERT JADE' },
    });
    expect(stale).toMatchObject({ ok: false, error: { type: 'not_found' } });
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
    expect(await core.db('audit_log').where({ action: 'settings.anonymisation' }).orderBy('id', 'desc').first('details_json')).toEqual({
      details_json: JSON.stringify({ years: [6, 10] }),
    });
  });

  it('is for admins only', async () => {
    expect(await call(agent, 'anonymisation.view', {})).toMatchObject({ ok: false, error: { type: 'forbidden' } });
    expect(await call(agent, 'anonymisation.enable', { goneBefore: '2028-03-01' })).toMatchObject({
      ok: false,
      error: { type: 'forbidden' },
    });
  });
});
