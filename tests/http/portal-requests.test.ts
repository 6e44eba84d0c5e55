import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, csrfFrom } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';
import { tableByCaption } from '../support/html-table';
import { seal } from '../../shared/security/sealed-secrets';

let servers: TestServers;

async function logIn(login: string, password: string): Promise<CookieClient> {
  const client = new CookieClient(servers.portalUrl);
  const page = await (await client.get('/connexion')).text();
  await client.postForm('/connexion', { _csrf: csrfFrom(page), login, password });
  return client;
}

/** The form's current values, as a browser would send them back (checked boxes as « on »). */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name) continue;
    if (/type="checkbox"/.test(attrs)) {
      if (/checked=""/.test(attrs)) fields[name] = 'on';
      continue;
    }
    fields[name] = (/value="([^"]*)"/.exec(attrs)?.[1] ?? '').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
  }
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[m[1]!] = /<option value="([^"]*)" selected=""/.exec(m[2]!)?.[1] ?? '';
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1]!] = m[2]!;
  return fields;
}

async function send(client: CookieClient, path: string, changes: Record<string, string>) {
  const form = await (await client.get(path)).text();
  return client.postForm(path, { ...formFields(form), ...changes });
}

beforeAll(async () => {
  servers = await startTestServers();
});
afterAll(async () => {
  await servers?.destroy();
});

describe('« Mon compte » requests through the portal', () => {
  it.each([
    ['responsable', { address: '14 RUE DES BONBONS' }, 'Informations responsable'],
    ['conjoint', { phoneMobile: '06 55 44 33 22' }, 'Informations conjoint'],
    ['fiscales', { taxYear: '2025', referenceTaxIncome: '28500' }, 'Informations fiscales'],
    ['caf', { cafNumber: '9988776' }, 'Informations CAF'],
    ['bancaires', { iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'BNPAFRPP' }, 'Informations bancaires'],
  ])('%s: Enregistrer sends a request that appears at the bottom of « Mon compte »', async (slug, changes, label) => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const response = await send(parent, `/mon-compte/demande/${slug}`, changes);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/mon-compte?demande=envoyee');
    const page = await (await parent.get('/mon-compte?demande=envoyee')).text();
    expect(page).toContain('Votre demande a été transmise à la commune');
    const pending = page.slice(page.indexOf('id="pending-requests-title"'));
    expect(pending).toContain(label);
  });

  it('takes « Nombre de parts » as a family types it, « 2,5 », and refuses three decimals', async () => {
    const parent = await logIn('marie.martin', 'Cantine2015');
    const refused = await send(parent, '/mon-compte/demande/fiscales', { taxShares: '2,555' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Deux décimales au plus.');
    expect(html).toContain('value="2,555"'); // what was typed comes back
    const sent = await send(parent, '/mon-compte/demande/fiscales', { taxShares: '2,5' });
    expect(sent.status).toBe(302);
    const martin = (await servers.db('families').where({ family_number: '1001001010332' }).first('id')).id;
    const request = await servers.db('requests').where({ family_id: martin, category: 'fiscal', state: 'pending' }).first('proposed_json');
    expect(JSON.parse(request.proposed_json).taxShares).toBe(2.5);
    const form = await (await parent.get('/mon-compte/demande/fiscales')).text();
    expect(form).toMatch(/name="taxShares"[^>]*inputMode="decimal"|inputMode="decimal"[^>]*name="taxShares"/i);
  });

  it('marks the fields with a pending change, on the record and in the form', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const page = await (await parent.get('/mon-compte')).text();
    // Today's value, and beside it the one asked (the first test of this file asked for 14 RUE DES BONBONS).
    expect(page).toContain(
      '<dt>Adresse :</dt><dd>12 RUE DES BONBONS<span class="pending-mark"> (modification en attente : 14 RUE DES BONBONS)</span></dd>',
    );
    const form = await (await parent.get('/mon-compte/demande/responsable')).text();
    expect(form).toMatch(/<label for="f-address">Adresse<span class="pending-mark"> \(modification en attente\)<\/span><\/label>/);
  });

  it('never sends the IBAN back to the browser, and shows it masked', async () => {
    const martin = (await servers.db('families').where({ family_number: '1001001010332' }).first('id')).id;
    await servers.db('family_bank').insert({
      family_id: martin,
      account_holder: 'MARTIN MARIE',
      iban: seal('FR7630006000011234567890189', 'family_bank.iban'),
      bic: 'BNPAFRPP',
      updated_at: 'x',
    });
    const parent = await logIn('marie.martin', 'Cantine2015');
    const form = await (await parent.get('/mon-compte/demande/bancaires')).text();
    expect(form).not.toContain('FR7630006000011234567890189');
    expect(form).toMatch(/IBAN enregistré : FR76 [•\s]+189 — laissez vide pour le conserver\./);
    const account = await (await parent.get('/mon-compte')).text();
    expect(account).not.toContain('30006000011234567890');
    const keep = await send(parent, '/mon-compte/demande/bancaires', { bankName: 'Crédit Agricole' });
    expect(keep.status).toBe(302);
    const request = await servers.db('requests').where({ category: 'bank' }).orderBy('id', 'desc').first();
    expect(JSON.parse(request.proposed_json)).toEqual({ bankName: 'Crédit Agricole' }); // the IBAN kept, not erased
  });

  it.each([
    ['bancaires', { iban: 'FR76 3000 6000 0112 3456 7890 188' }, 'iban', 'IBAN invalide : vérifiez les caractères et la clé de contrôle.'],
    ['responsable', { email: 'jean.dupont@' }, 'email', 'Adresse e-mail invalide.'],
    ['responsable', { postalCode: '314' }, 'postalCode', 'Code postal invalide (5 chiffres).'],
    ['responsable', { phoneMobile: '06 12' }, 'phoneMobile', 'Numéro de téléphone invalide (10 chiffres, par exemple 02 48 66 61 61).'],
  ])('%s: refuses a bad value with its French message next to the field and records nothing', async (slug, changes, field, message) => {
    const parent = await logIn('marie.martin', 'Cantine2015');
    const before = Number((await servers.db('requests').count<{ n: number }[]>({ n: '*' }).first())!.n);
    const response = await send(parent, `/mon-compte/demande/${slug}`, changes);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(`<p class="field-error" id="f-${field}-error">${message}</p>`);
    expect(html).toContain(`value="${Object.values(changes)[0]}"`.replace('value="FR76 3000 6000 0112 3456 7890 188"', 'name="iban"')); // what was typed is kept
    expect(Number((await servers.db('requests').count<{ n: number }[]>({ n: '*' }).first())!.n)).toBe(before);
  });
});

describe('children requests through the portal', () => {
  it('asks to change a child’s information, health data and authorized persons', async () => {
    const parent = await logIn('marie.martin', 'Cantine2015');
    const tom = (await servers.db('children').where({ first_name: 'TOM' }).first('id')).id;
    expect(
      (await send(parent, `/mes-enfants/${tom}/demande/informations`, { glasses: 'on', insuranceCompany: 'MAIF' })).headers.get('location'),
    ).toBe(`/mes-enfants/${tom}?demande=envoyee`);
    expect((await send(parent, `/mes-enfants/${tom}/demande/sanitaire`, { allergies: 'Pollen de bouleau' })).status).toBe(302);
    const persons = await send(parent, `/mes-enfants/${tom}/personnes-autorisees`, {
      'persons[0][lastName]': 'Lefèvre',
      'persons[0][firstName]': 'Anne',
      'persons[0][relationship]': 'Tante',
      'persons[0][phone]': '06 01 02 03 04',
      'persons[0][emergencyContact]': 'on',
    });
    expect(persons.status).toBe(302);
    const request = await servers.db('requests').where({ category: 'authorized_persons', child_id: tom }).first();
    expect(JSON.parse(request.proposed_json).persons).toEqual([
      { lastName: 'LEFÈVRE', firstName: 'ANNE', relationship: 'Tante', phone: '06 01 02 03 04', emergencyContact: true },
    ]);
    const vaccines = await send(parent, `/mes-enfants/${tom}/vaccinations`, {
      'vaccinations[0][vaccine]': 'DTPolio',
      'vaccinations[0][vaccinatedOn]': '2024-05-02',
    });
    expect(vaccines.status).toBe(302);
    const vaccinationRequest = await servers.db('requests').where({ category: 'vaccinations', child_id: tom }).first();
    expect(JSON.parse(vaccinationRequest.proposed_json).vaccinations).toEqual([
      { vaccine: 'DTPolio', vaccinatedOn: '2024-05-02', boosterDueOn: null },
    ]);
    const page = await (await parent.get(`/mes-enfants/${tom}`)).text();
    for (const label of ['Informations enfant', 'Données sanitaires', 'Autorisations', 'Vaccinations']) expect(page).toContain(label);
  });

  it('asks for a new child to be enrolled', async () => {
    const parent = await logIn('marie.martin', 'Cantine2015');
    const missing = await send(parent, '/mes-enfants/ajouter', { firstName: 'Lila' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('id="c-lastName-error">Le nom est obligatoire.');
    const done = await send(parent, '/mes-enfants/ajouter', { lastName: 'Martin', firstName: 'Lila', birthDate: '2023-02-14' });
    expect(done.headers.get('location')).toBe('/mes-enfants?demande=envoyee');
    expect(await (await parent.get('/mes-enfants')).text()).toContain('Ajout d’un enfant');
  });

  it('refuses to take a request about another family’s child', async () => {
    const dupont = await logIn('jean.dupont', 'Bonbons2015');
    const tom = (await servers.db('children').where({ first_name: 'TOM' }).first('id')).id;
    expect((await dupont.get(`/mes-enfants/${tom}/demande/sanitaire`)).status).toBe(404);
    const csrf = csrfFrom(await (await dupont.get('/accueil')).text());
    const before = Number((await servers.db('requests').count<{ n: number }[]>({ n: '*' }).first())!.n);
    expect((await dupont.postForm(`/mes-enfants/${tom}/demande/sanitaire`, { _csrf: csrf, allergies: 'x' })).status).toBe(404);
    expect(
      (
        await dupont.postForm(`/mes-enfants/${tom}/personnes-autorisees`, {
          _csrf: csrf,
          'persons[0][lastName]': 'X',
          'persons[0][firstName]': 'Y',
          'persons[0][phone]': '0601020304',
        })
      ).status,
    ).toBe(404);
    expect(Number((await servers.db('requests').count<{ n: number }[]>({ n: '*' }).first())!.n)).toBe(before);
  });
});

describe('« Liste des demandes »', () => {
  it('shows a refusal with its reason, and forgets requests older than a month', async () => {
    const martin = (await servers.db('families').where({ family_number: '1001001010332' }).first('id')).id;
    await servers.db('requests').insert([
      {
        family_id: martin,
        category: 'caf',
        proposed_json: '{"cafNumber":"1"}',
        previous_json: '{}',
        state: 'refused',
        refusal_reason: 'Attestation CAF illisible',
        created_at: '2026-11-20T10:00:00Z',
        decided_at: '2026-11-21T10:00:00Z',
      },
      {
        family_id: martin,
        category: 'caf',
        proposed_json: '{"cafNumber":"2"}',
        previous_json: '{}',
        state: 'refused',
        refusal_reason: 'Demande trop ancienne',
        created_at: '2026-10-01T10:00:00Z',
        decided_at: '2026-10-02T10:00:00Z',
      },
    ]);
    const parent = await logIn('marie.martin', 'Cantine2015');
    const html = await (await parent.get('/liste-des-demandes?vue=compte&type=caf')).text();
    expect(tableByCaption(html, 'Demandes refusées — Informations CAF')).toEqual([
      ['N° allocataire', 'Date.demande', 'Date.refus', 'Motif.refus'],
      ['1', '20/11/2026', '21/11/2026', 'Attestation CAF illisible'],
    ]);
    expect(html).not.toContain('Demande trop ancienne');
  });

  it('lets the family withdraw its own pending request, not another family’s', async () => {
    const parent = await logIn('marie.martin', 'Cantine2015');
    const mine = await servers.db('requests').where({ category: 'add_child', state: 'pending' }).first('id');
    const page = await (await parent.get('/liste-des-demandes?vue=enfants')).text();
    const response = await parent.postForm(`/demandes/${mine.id}/retirer`, { _csrf: csrfFrom(page) });
    expect(response.headers.get('location')).toBe('/liste-des-demandes?retiree=1');
    expect((await servers.db('requests').where({ id: mine.id }).first('state')).state).toBe('withdrawn');
  });
});
