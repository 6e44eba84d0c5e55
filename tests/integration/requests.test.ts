import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalSession } from '../../shared/core/accounts/portal-auth';
import { insertStaffUser } from '../../shared/core/accounts/staff-auth';
import { submitFamilyRequest } from '../../shared/core/requests/submit';
import { readSection } from '../../shared/core/records/sections';
import { createTestCore, type TestCore } from '../support/test-app';

let core: TestCore;
let agent: string;
let admin: string;
let dupont: PortalSession;
let martin: PortalSession;

async function sessionOf(login: string): Promise<PortalSession> {
  const account = await core.db('portal_accounts').where({ login }).first();
  return {
    actor: { kind: 'family', accountId: account.id, familyId: account.family_id, login, sessionId: 'test' },
    csrfToken: 'x',
    mustChangePassword: false,
  };
}

async function staff(name: string, input: unknown, token = agent) {
  return (await core.dispatch({ name, input, sessionToken: token, source: 'test' })).response as any;
}

const ask = (session: PortalSession, category: any, values: unknown, childId?: number) =>
  submitFamilyRequest(core.db, core.clock, session, { category, childId, values, source: 'test' });

async function childOf(session: PortalSession, firstName: string): Promise<number> {
  return (await core.db('children').where({ family_id: session.actor.familyId, first_name: firstName }).first('id')).id;
}

beforeAll(async () => {
  core = await createTestCore();
  agent = (
    await core.dispatch({ name: 'auth.login', input: { username: 'agent', password: 'Mairie2015' }, sessionToken: null, source: 'test' })
  ).sessionToken!;
  await insertStaffUser(core.db, { username: 'admin', displayName: 'Admin Mairie', password: 'Admin-2026-x', role: 'admin' }, 'x');
  admin = (
    await core.dispatch({ name: 'auth.login', input: { username: 'admin', password: 'Admin-2026-x' }, sessionToken: null, source: 'test' })
  ).sessionToken!;
  dupont = await sessionOf('jean.dupont');
  martin = await sessionOf('marie.martin');
});
afterAll(async () => {
  await core?.destroy();
});

const SECTION_CASES: Array<[string, Record<string, unknown>, (v: Record<string, any>) => unknown, string | null]> = [
  ['responsable', { address: '14 RUE DES BONBONS', phoneMobile: '06 11 22 33 44' }, (v) => [v.address, v.phoneMobile], null],
  ['conjoint', { email: 'jeanne.dupont@exemple.fr', smsAllowed: true }, (v) => [v.email, v.smsAllowed], null],
  ['fiscal', { benefitRegime: 'Régime général', taxYear: 2025, referenceTaxIncome: 31250 }, (v) => [v.taxYear, v.referenceTaxIncome], null],
  ['caf', { cafNumber: '7654321', quotientFamilial: 640 }, (v) => v.quotientFamilial, null],
  ['bank', { accountHolder: 'M. DUPONT JEAN', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'agrifrpp' }, (v) => [v.iban, v.bic], null],
  ['child_information', { dentalAppliance: true, insuranceCompany: 'MAIF' }, (v) => [v.dentalAppliance, v.insuranceCompany], 'LÉA'],
  ['health', { allergies: 'Pollen', doctorName: 'Dr PETIT' }, (v) => [v.allergies, v.doctorName], 'LÉA'],
];

describe('each kind of record change goes pending → accepted or refused', () => {
  it.each(SECTION_CASES)('%s: accepted, the record changes', async (category, values, pick) => {
    const childId = SECTION_CASES.find((c) => c[0] === category)![3] ? await childOf(dupont, 'LÉA') : undefined;
    const owner = childId ?? dupont.actor.familyId;
    const before = await readSection(core.db, category as any, owner);
    const { id, state } = await ask(dupont, category, { ...before, ...values }, childId);
    expect(state).toBe('pending');
    expect(await readSection(core.db, category as any, owner)).toEqual(before); // nothing applied yet
    const detail = await staff('requests.get', { id });
    expect(detail.ok).toBe(true);
    expect(detail.value.changes.length).toBe(Object.keys(values).length);
    const accepted = await staff('requests.accept', { id });
    expect(accepted).toMatchObject({ ok: true, value: { state: 'accepted' } });
    const after = (await readSection(core.db, category as any, owner))!;
    expect(pick(after)).toEqual(pick({ ...values, iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' } as Record<string, unknown>));
    const log = await core
      .db('audit_log')
      .where({ action: 'request.accept', entity_id: String(id) })
      .first();
    expect(log).toMatchObject({ actor_label: 'agent' });
  });

  it.each(SECTION_CASES)('%s: refused with a reason, the record stays as it was', async (category, values) => {
    const childId = SECTION_CASES.find((c) => c[0] === category)![3] ? await childOf(martin, 'TOM') : undefined;
    const owner = childId ?? martin.actor.familyId;
    const before = (await readSection(core.db, category as any, owner)) ?? {};
    const changed = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        typeof v === 'string' && k !== 'iban' && k !== 'bic' && k !== 'email' && k !== 'phoneMobile' && k !== 'benefitRegime'
          ? `${v} BIS`
          : v,
      ]),
    );
    const { id } = await ask(martin, category, { ...before, ...changed }, childId);
    expect((await staff('requests.refuse', { id, reason: '' })).error.fields).toEqual({
      reason: 'Le motif du refus est obligatoire (3 caractères au moins).',
    });
    const refused = await staff('requests.refuse', { id, reason: 'Justificatif manquant' });
    expect(refused).toMatchObject({ ok: true, value: { state: 'refused', refusalReason: 'Justificatif manquant' } });
    expect((await readSection(core.db, category as any, owner)) ?? {}).toEqual(before);
  });

  it('authorized persons: the list is replaced when accepted', async () => {
    const hugo = await childOf(dupont, 'HUGO');
    const { id } = await ask(
      dupont,
      'authorized_persons',
      {
        persons: [
          { lastName: 'Durand', firstName: 'Monique', relationship: 'Grand-mère', phone: '06 11 22 33 44', emergencyContact: true },
          { lastName: 'Petit', firstName: 'Luc', relationship: 'Voisin', phone: '02 48 00 11 22' },
        ],
      },
      hugo,
    );
    const detail = await staff('requests.get', { id });
    expect(detail.value.summary).toEqual([
      'MONIQUE DURAND (Grand-mère) — 06 11 22 33 44 — à prévenir en cas d’urgence',
      'LUC PETIT (Voisin) — 02 48 00 11 22',
    ]);
    await staff('requests.accept', { id });
    expect((await core.db('authorized_persons').where({ child_id: hugo }).orderBy('id')).map((p) => p.first_name)).toEqual([
      'MONIQUE',
      'LUC',
    ]);
  });

  it('vaccinations: the list is replaced when accepted', async () => {
    const lea = await childOf(dupont, 'LÉA');
    const { id } = await ask(
      dupont,
      'vaccinations',
      {
        vaccinations: [
          { vaccine: 'DTPolio', vaccinatedOn: '2023-03-20', boosterDueOn: '2028-03-20' },
          { vaccine: 'ROR', vaccinatedOn: '2018-05-04' },
        ],
      },
      lea,
    );
    expect((await staff('requests.get', { id })).value.summary).toEqual([
      'DTPolio — fait le 20/03/2023 — rappel le 20/03/2028',
      'ROR — fait le 04/05/2018',
    ]);
    await staff('requests.accept', { id });
    expect((await core.db('child_vaccinations').where({ child_id: lea }).orderBy('id')).map((v) => v.vaccine)).toEqual(['DTPolio', 'ROR']);
  });

  it('a new child: added to the household when accepted', async () => {
    const { id } = await ask(martin, 'add_child', {
      lastName: 'Martin',
      firstName: 'Lila',
      birthDate: '2023-02-14',
      sex: 'F',
      comment: 'Entrée en PS en septembre',
    });
    await staff('requests.accept', { id });
    expect(await core.db('children').where({ family_id: martin.actor.familyId, first_name: 'LILA' }).first()).toBeDefined();
  });

  it('an absence: the day is marked « absent excusé » with its reason when accepted', async () => {
    const request = await core.db('requests').where({ family_id: martin.actor.familyId, category: 'absence', state: 'pending' }).first();
    await staff('requests.accept', { id: request.id });
    const service = await core.db('services').where({ code: 'GARD_MATIN' }).first('id');
    const day = await core.db('planning_days').where({ child_id: request.child_id, service_id: service.id, date: '2026-12-03' }).first();
    expect(day).toMatchObject({ state: 'absent_excused', absence_reason: 'Rendez-vous', request_id: request.id });
  });

  it('a reservation: the day is booked when accepted', async () => {
    const request = await core
      .db('requests')
      .where({ family_id: dupont.actor.familyId, category: 'reservation', state: 'pending' })
      .first();
    // The agent reads the service as the planning names it, never its code.
    const summary = (await staff('requests.get', { id: request.id })).value.summary as string[];
    expect(summary[0]).toMatch(/^Prestation : Accueil de Loisirs — ALSH Mercredi/);
    expect(summary.join(' ')).not.toMatch(/ALSH_MER/);
    await staff('requests.accept', { id: request.id });
    const day = await core.db('planning_days').where({ child_id: request.child_id, date: '2026-12-09' }).first();
    expect(day).toMatchObject({ state: 'reserved', request_id: request.id });
    // The family is told which child, which service and which days, as it asked them.
    const mail = await core.db('email_outbox').where({ to_address: 'jean.dupont@wanadoo.fr' }).orderBy('id', 'desc').first();
    expect(mail.subject).toContain('votre demande « Réservations » est acceptée');
    const child = await core.db('children').where({ id: request.child_id }).first('first_name');
    expect(mail.text_body).toContain(`Votre demande « Réservations » pour ${child.first_name}, du `);
    expect(mail.text_body).toMatch(/Prestation : ALSH Mercredi[^\n]*\nJours : [^\n]*09\/12\/2026/);
  });
});

describe('what the family may ask', () => {
  it.each([
    ['bank', { iban: 'FR76 3000 6000 0112 3456 7890 188' }, 'iban', 'IBAN invalide : vérifiez les caractères et la clé de contrôle.'],
    ['bank', { bic: 'XYZ' }, 'bic', 'BIC invalide (8 ou 11 caractères, par exemple BNPAFRPPXXX).'],
    ['responsable', { email: 'jean@' }, 'email', 'Adresse e-mail invalide.'],
    ['responsable', { postalCode: '1840' }, 'postalCode', 'Code postal invalide (5 chiffres).'],
    ['responsable', { phoneHome: '12 34' }, 'phoneHome', 'Numéro de téléphone invalide (10 chiffres, par exemple 02 48 66 61 61).'],
  ])('refuses a bad %s value (%o) with a French message', async (category, values, field, message) => {
    const before = await readSection(core.db, category as any, martin.actor.familyId);
    await expect(ask(martin, category, { ...before, ...values })).rejects.toMatchObject({ fields: { [field]: message } });
  });

  it('refuses a request that changes nothing', async () => {
    const before = await readSection(core.db, 'responsable', martin.actor.familyId);
    await expect(ask(martin, 'responsable', before)).rejects.toThrow('Aucune modification');
  });

  it('refuses a request about another family’s child', async () => {
    const tom = await childOf(martin, 'TOM');
    await expect(ask(dupont, 'health', { allergies: 'Tout' }, tom)).rejects.toThrow(
      'Cet enfant ne fait pas partie de votre dossier famille.',
    );
  });
});

describe('decisions that meet other decisions', () => {
  it('shows a conflict when the record changed since the request, and accepts only when told to', async () => {
    const before = (await readSection(core.db, 'responsable', martin.actor.familyId))!;
    const { id } = await ask(martin, 'responsable', { ...before, city: 'BOURGES', postalCode: '18000' });
    const family = await staff('families.get', { id: martin.actor.familyId });
    const { id: _id, ...responsable } = family.value.responsable;
    await staff('families.update', {
      ...family.value,
      conjoint: family.value.conjoint && (({ id: _c, ...c }) => c)(family.value.conjoint),
      responsable: { ...responsable, city: 'VASSELAY' },
      id: martin.actor.familyId,
      expectedVersion: family.value.version,
    });
    const detail = await staff('requests.get', { id });
    expect(detail.value.hasConflict).toBe(true);
    expect(detail.value.changes.find((c: any) => c.field === 'city')).toMatchObject({
      before: "SAINT-MARTIN-D'AUXIGNY",
      after: 'BOURGES',
      now: 'VASSELAY',
      nowDiffers: true,
    });
    expect(await staff('requests.accept', { id })).toMatchObject({ ok: false, error: { type: 'conflict' } });
    expect((await readSection(core.db, 'responsable', martin.actor.familyId))!.city).toBe('VASSELAY');
    expect(await staff('requests.accept', { id, overrideConflict: true })).toMatchObject({ ok: true });
    expect((await readSection(core.db, 'responsable', martin.actor.familyId))!.city).toBe('BOURGES');
  });

  it('lets one of two agents decide: the other is told', async () => {
    const before = (await readSection(core.db, 'caf', martin.actor.familyId)) ?? {};
    const { id } = await ask(martin, 'caf', { ...before, cafNumber: '5550001' });
    const [first, second] = await Promise.all([
      staff('requests.accept', { id }),
      staff('requests.refuse', { id, reason: 'Numéro inconnu à la CAF' }, admin),
    ]);
    const outcomes = [first, second].map((r) => (r.ok ? 'ok' : r.error.type)).sort();
    expect(outcomes).toEqual(['conflict', 'ok']);
    const loser = first.ok ? second : first;
    expect(loser.error.message).toMatch(/^Cette demande a déjà été (acceptée|refusée) par /);
    const state = (await core.db('requests').where({ id }).first('state')).state;
    expect((await readSection(core.db, 'caf', martin.actor.familyId))?.cafNumber === '5550001').toBe(state === 'accepted');
  });
});

describe('settings and e-mails', () => {
  it('applies a category at once when the commune says so, and logs it', async () => {
    expect(await staff('settings.updateRequestModes', { modes: { child_information: 'automatic' } })).toMatchObject({
      ok: false,
      error: { type: 'forbidden' },
    });
    await staff('settings.updateRequestModes', { modes: { child_information: 'automatic' } }, admin);
    const tom = await childOf(martin, 'TOM');
    const before = (await readSection(core.db, 'child_information', tom)) ?? {};
    const { id, state } = await ask(martin, 'child_information', { ...before, glasses: true }, tom);
    expect(state).toBe('accepted');
    expect((await readSection(core.db, 'child_information', tom))!.glasses).toBe(true);
    expect(
      await core
        .db('audit_log')
        .where({ action: 'request.applied_at_once', entity_id: String(id) })
        .first(),
    ).toBeDefined();
    await staff('settings.updateRequestModes', { modes: {} }, admin);
  });

  it('tells the family of a decision by e-mail only when it accepts e-mails', async () => {
    const count = async (to: string) =>
      Number((await core.db('email_outbox').where({ to_address: to }).count<{ n: number }[]>({ n: '*' }).first())!.n);
    const jean = await count('jean.dupont@wanadoo.fr');
    const before = (await readSection(core.db, 'responsable', dupont.actor.familyId))!;
    const { id } = await ask(dupont, 'responsable', { ...before, profession: 'Boulanger' });
    await staff('requests.refuse', { id, reason: 'Merci de passer en mairie' });
    expect(await count('jean.dupont@wanadoo.fr')).toBe(jean + 1);
    const mail = await core.db('email_outbox').where({ to_address: 'jean.dupont@wanadoo.fr' }).orderBy('id', 'desc').first();
    expect(mail.text_body).toContain('Motif du refus : Merci de passer en mairie');
    expect(mail.subject).toContain('votre demande « Informations responsable » est refusée');
    expect(mail.text_body).not.toContain('Boulanger'); // a record's content stays behind the login
    await core.db('family_adults').where({ family_id: dupont.actor.familyId, role: 'responsable' }).update({ email_allowed: false });
    const now = (await readSection(core.db, 'responsable', dupont.actor.familyId))!;
    const { id: second } = await ask(dupont, 'responsable', { ...now, profession: 'Pâtissier' });
    await staff('requests.accept', { id: second });
    expect(await count('jean.dupont@wanadoo.fr')).toBe(jean + 1);
  });

  it('lists the pending queue oldest first, filtered by category and family', async () => {
    const tom = await childOf(martin, 'TOM');
    const before = (await readSection(core.db, 'health', tom)) ?? {};
    await ask(martin, 'health', { ...before, diet: 'Sans porc' }, tom);
    const page = await staff('requests.list', { category: 'health' });
    expect(page.value.rows.map((r: any) => r.familyName)).toEqual(['MARTIN MARIE']);
    const search = await staff('requests.list', { search: 'martin' });
    expect(search.value.rows.every((r: any) => r.familyName === 'MARTIN MARIE')).toBe(true);
  });
});
