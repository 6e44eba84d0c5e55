import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfFrom, portalParent, type CookieClient } from '../support/http-client';
import { tableByCaption } from '../support/html-table';
import { startTestServers, type TestServers } from '../support/test-app';
import { seedDecidedRequestsOfEachType } from '../support/request-fixtures';

// The manual's « Liste des demandes »: for each type, the columns of what it asks.
let servers: TestServers;
let parent: CookieClient;
let familyId: number;
let hugo: number;

beforeAll(async () => {
  servers = await startTestServers();
  familyId = (await servers.db('families').where({ family_number: '1001001010331' }).first('id')).id;
  hugo = (await servers.db('children').where({ family_id: familyId, first_name: 'HUGO' }).first('id')).id;
  for (const state of ['accepted', 'refused'] as const) await seedDecidedRequestsOfEachType(servers.db, familyId, hugo, state);
  parent = await portalParent(servers.portalUrl, 'jean.dupont', 'Bonbons2015');
});
afterAll(async () => {
  await servers?.destroy();
});

const DATE = /^\d\d\/\d\d\/\d{4}$/;

describe('« Liste des demandes » shows what each request asked', () => {
  it('« Mon compte »: the manual’s columns for « Responsable », each field asked for the others', async () => {
    const html = await (await parent.get('/liste-des-demandes?vue=compte')).text();
    expect(tableByCaption(html, 'Demandes refusées — Informations responsable')).toContainEqual([
      'DUPONT JEAN',
      'Père',
      'TOULOUSE',
      ...Array(7).fill(''), // the other columns of the manual, left as they were
      'Autorisation courriel : Non',
      '24/11/2026',
      '26/11/2026',
      'Refus responsable',
    ]);
    expect(tableByCaption(html, 'Demandes refusées — Informations responsable')?.[0]).toEqual([
      'Responsable',
      'Qualité',
      'Adresse',
      'Tél.domicile',
      'Tél.Prof.',
      'Mobile',
      'Email',
      'Profession',
      'Employeur',
      'Adresse employeur',
      'Autres modifications',
      'Date.demande',
      'Date.refus',
      'Motif.refus',
    ]);
    const conjoint = tableByCaption(html, 'Demandes acceptées — Informations conjoint');
    expect(conjoint?.[0]?.slice(-2)).toEqual(['Date.demande', 'Date.acceptation']);
    expect(conjoint?.[1]).toEqual(['DUPONT JEANNE', '', '', '', '', '06 55 44 33 22', '', '', 'Mairie', '', '24/11/2026', '26/11/2026']);
    expect(tableByCaption(html, 'Demandes acceptées — Informations fiscales')).toEqual([
      ["Année de l'avis d'imposition", 'Revenu fiscal de référence (€)', 'Date.demande', 'Date.acceptation'],
      ['2025', '28500', '24/11/2026', '26/11/2026'],
    ]);
    expect(tableByCaption(html, 'Demandes acceptées — Informations CAF')?.[1]).toEqual(['9988776', '24/11/2026', '26/11/2026']);
    // The IBAN stays masked, on this page as everywhere.
    expect(tableByCaption(html, 'Demandes refusées — Informations bancaires')?.[1]?.slice(0, 2)).toEqual([
      'DUPONT JEAN',
      expect.stringMatching(/^FR76 [•\s]+189$/),
    ]);
    expect(html).not.toContain('30006000011234567890');
    expect(html).not.toContain('Réservations');
  });

  it('« Mes enfants »: the child, then what was asked for each type, vaccinations included', async () => {
    const html = await (await parent.get('/liste-des-demandes?vue=enfants')).text();
    const expected: Array<[string, string[], string[]]> = [
      [
        'Autorisations',
        ['Enfant', 'Personnes autorisées'],
        ['HUGO DUPONT', 'ANNE PETIT (Tante) — 06 11 22 33 44 — à prévenir en cas d’urgence'],
      ],
      ['Informations enfant', ['Enfant', 'Port de lunettes'], ['HUGO DUPONT', 'Oui']],
      ['Données sanitaires', ['Enfant', 'Allergies'], ['HUGO DUPONT', 'Arachide']],
      ['Vaccinations', ['Enfant', 'Vaccins'], ['HUGO DUPONT', 'DTP — fait le 02/03/2025']],
      ['Ajout d’un enfant', ['Enfant', 'Date de naissance', 'École', 'Commentaire'], ['TOM DUPONT', '06/05/2024', '', '']],
      ['Réservations', ['Enfant', 'Prestation', 'Jours'], ['HUGO DUPONT', 'Restauration scolaire', '03/12/2026, 04/12/2026']],
      ['Absences', ['Enfant', 'Prestation', 'Jours', 'Motif'], ['HUGO DUPONT', 'Restauration scolaire', '26/11/2026', 'Maladie']],
    ];
    for (const [type, columns, cells] of expected) {
      const refused = tableByCaption(html, `Demandes refusées — ${type}`);
      expect(refused?.[0], type).toEqual([...columns, 'Date.demande', 'Date.refus', 'Motif.refus']);
      expect(refused, type).toContainEqual([...cells, '24/11/2026', '26/11/2026', expect.stringMatching(/^Refus /)]);
      const accepted = tableByCaption(html, `Demandes acceptées — ${type}`);
      expect(accepted?.[0], type).toEqual([...columns, 'Date.demande', 'Date.acceptation']);
      expect(accepted, type).toContainEqual([...cells, '24/11/2026', '26/11/2026']);
    }
    const vaccinations = await (await parent.get('/liste-des-demandes?vue=enfants&type=vaccinations')).text();
    expect(vaccinations).toContain('aria-current="page">Vaccinations</a>');
    expect(tableByCaption(vaccinations, 'Demandes acceptées — Vaccinations')).toBeDefined();
    expect(tableByCaption(vaccinations, 'Demandes acceptées — Données sanitaires')).toBeUndefined();
  });

  it('lists a reservation the commune applies at once among the accepted ones', async () => {
    const lea = (await servers.db('children').where({ family_id: familyId, first_name: 'LÉA' }).first('id')).id;
    const planningPath = `/mes-enfants/${lea}/planning?mois=2026-12`;
    const page = await (await parent.get(planningPath)).text();
    const morning = (await servers.db('services').where({ code: 'GARD_MATIN' }).first('id')).id;
    // A day of the morning garderie with nothing booked yet (a cell with no state).
    const free = [...page.matchAll(/class="pm-cell r\d+ c\d+"><span class="pm-name">[^<]*<\/span><input[^>]*value="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((v) => v.startsWith(`${morning}|`))
      .at(-1); // the last of the month: well before its deadline
    expect(free).toBeDefined();
    const form = new FormData();
    form.append('_csrf', csrfFrom(page));
    form.append('jours', free!);
    form.append('action', 'reserve');
    const response = await parent.postMultipart(planningPath, form);
    const answer = await response.text();
    expect(answer.match(/id="results-title">.*?<\/section>/)?.[0]).toContain('Réservé.');
    const day = free!.split('|')[1]!.split('-').reverse().join('/');
    const list = await (await parent.get('/liste-des-demandes?vue=enfants&type=reservation')).text();
    expect(tableByCaption(list, 'Demandes acceptées — Réservations')).toContainEqual([
      'LÉA DUPONT',
      'Garderie matin',
      day,
      '30/11/2026',
      '30/11/2026',
    ]);
    expect(tableByCaption(list, 'Demandes en attente — Réservations')?.flat()).not.toContain(day);
  });

  it('lists every pending request of the children on « Mes enfants » and on the child’s page, with what it asks', async () => {
    const children = await (await parent.get('/mes-enfants')).text();
    const pending = children.slice(children.indexOf('id="pending-requests-title"'));
    expect(pending).not.toContain('Aucune demande en attente');
    expect(pending).toContain('Réservations — HUGO DUPONT, demande du');
    expect(pending).toContain('Absences — LÉA DUPONT, demande du');
    const child = await (await parent.get(`/mes-enfants/${hugo}`)).text();
    const own = child.slice(child.indexOf('id="pending-requests-title"'));
    expect(own).toContain('Réservations — HUGO DUPONT');
    expect(own).toContain('<dt>Prestation :</dt><dd>ALSH Mercredi journée</dd>');
    expect(own).not.toContain('LÉA');
    expect(pending.match(/<dt>Jours :<\/dt><dd>(\d\d\/\d\d\/\d{4})<\/dd>/)?.[1]).toMatch(DATE);
  });

  it('keeps every page up when a stored request cannot be read (hand-written or from an older version)', async () => {
    const broken = ['{bad', 'null', '{"serviceCode":"RESTO","dates":"2026-12-03"}', '{"persons":"ANNE"}'];
    for (const [i, json] of broken.entries()) {
      await servers.db('requests').insert({
        family_id: familyId,
        child_id: hugo,
        category: i < 3 ? 'reservation' : 'authorized_persons',
        proposed_json: json,
        previous_json: '{}',
        state: 'pending',
        family_comment: '',
        created_at: '2026-11-29T08:00:00Z',
      });
    }
    await servers.db('requests').insert({
      family_id: familyId,
      category: 'responsable',
      proposed_json: '{"phoneMobile":null}',
      previous_json: '{}',
      state: 'pending',
      family_comment: '',
      created_at: '2026-11-29T08:00:00Z',
    });
    for (const path of ['/liste-des-demandes?vue=enfants', '/mes-enfants', `/mes-enfants/${hugo}`, '/mon-compte']) {
      expect((await parent.get(path)).status, path).toBe(200);
    }
    const account = await (await parent.get('/mon-compte')).text();
    expect(account).toContain('(modification en attente : valeur effacée)');
  });
});
