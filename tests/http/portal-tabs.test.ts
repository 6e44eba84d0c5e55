import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../shared/core/accounts/password-hash';
import { CookieClient, csrfFrom } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';
import { tableByCaption, tableRows } from '../support/html-table';

let servers: TestServers;

async function logIn(login: string, password: string): Promise<CookieClient> {
  const client = new CookieClient(servers.portalUrl);
  const page = await (await client.get('/connexion')).text();
  const response = await client.postForm('/connexion', { _csrf: csrfFrom(page), login, password });
  expect(response.status).toBe(302);
  return client;
}

const TABS = ['/accueil', '/mon-compte', '/mes-enfants', '/releve-de-compte', '/boite-de-reception', '/liste-des-demandes'];

beforeAll(async () => {
  servers = await startTestServers();
  // A second household of the demo gets a portal account: it must never see the DUPONTs.
  const other = await servers.db('families').where({ family_number: '1001001010400' }).first('id');
  await servers.db('portal_accounts').insert({
    family_id: other.id,
    login: 'voisin',
    password_hash: await hashPassword('Voisin2026'),
    must_change_password: false,
    status: 'active',
    created_at: 'x',
    updated_at: 'x',
  });
});
afterAll(async () => {
  await servers?.destroy();
});

describe('the portal tabs show the family its own record', () => {
  it('« Mon compte » has the manual’s fields for JEAN and JEANNE', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const html = await (await parent.get('/mon-compte')).text();
    for (const [label, value] of [
      ['Civilité', 'Monsieur'],
      ['N° Famille', '1001001010331'],
      ['Qualité', 'Père'],
      ['Situation', 'Séparé'],
      ['Adresse', '12 RUE DES BONBONS'],
      ['Code postal', '31400'],
      ['Téléphone domicile', '01 02 03 04 05'],
      ['Email', 'jean.dupont@wanadoo.fr'],
      ['Titulaire du compte', 'DUPONT JEAN'],
      ['Autorisation courriel', 'Oui'],
      ['Autorisation SMS', 'Non'],
      ['Organisme rattachement', ''], // « 0 » in the record: no body, shown empty
    ]) {
      expect(html).toContain(`<dt>${label} :</dt><dd>${value}</dd>`);
    }
    for (const label of ['Prénom', 'Téléphone prof.', 'Mobile', 'Nom banque', 'Profession', 'CSP', 'Employeur', 'Adresse employeur']) {
      expect(html).toContain(`<dt>${label} :</dt>`);
    }
    expect(html).toContain('Mon conjoint');
    expect(html).toContain('<dt>Adresse :</dt><dd>Lotissement les bons bonbons</dd>');
  });

  it('« Mes enfants » lists LÉA and HUGO', async () => {
    const html = await (await (await logIn('jean.dupont', 'Bonbons2015')).get('/mes-enfants')).text();
    expect(html).toMatch(/<a href="\/mes-enfants\/\d+\/planning">LÉA DUPONT<\/a>/);
    expect(html).toMatch(/<a href="\/mes-enfants\/\d+\/planning">HUGO DUPONT<\/a>/);
    expect(html).toContain('14/03/2017');
  });

  it('« Relevé de compte » shows the year’s invoices, the cheque and the balance', async () => {
    const html = await (await (await logIn('jean.dupont', 'Bonbons2015')).get('/releve-de-compte?annee=2026-2027')).text();
    expect(html).toContain('<a href="/factures/AL-23">AL-23</a>');
    expect(html).toContain('<a href="/factures/GP-63">GP-63</a>');
    expect(tableRows(html)).toContainEqual(expect.arrayContaining(['Chèque', 'Chèque n° 4455199', '74.55']));
    expect(html).toContain('<dt>Ancien Solde :</dt><dd>0.00 €</dd>');
    expect(html).toMatch(/Solde du Compte pour l&#x27;année scolaire :<\/dt><dd class="totals">40.20 €/);
    const previous = await (await (await logIn('jean.dupont', 'Bonbons2015')).get('/releve-de-compte?annee=2025-2026')).text();
    expect(previous).toContain('Aucune facture pour cette année scolaire.');
  });

  it('« Boîte de réception » shows the unread message first', async () => {
    const html = await (await (await logIn('jean.dupont', 'Bonbons2015')).get('/boite-de-reception')).text();
    expect(html).toContain('Spectacle de l’Accueil de Loisirs (non lu)');
    expect(html).toContain('Sortie du mercredi');
  });

  it('« Liste des demandes » splits pending, refused (with the reason) and accepted', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const account = await (await parent.get('/liste-des-demandes')).text();
    expect(tableByCaption(account, 'Demandes refusées — Informations responsable')?.[1]).toEqual([
      'DUPONT JEAN',
      '',
      '14 RUE DES BONBONS',
      ...Array(7).fill(''), // the other columns of the manual, left as they were
      expect.stringMatching(/^\d\d\/\d\d\/\d{4}$/),
      expect.stringMatching(/^\d\d\/\d\d\/\d{4}$/),
      'Merci de fournir un justificatif de domicile.',
    ]);
    expect(account).not.toContain('Réservations');
    const children = await (await parent.get('/liste-des-demandes?vue=enfants')).text();
    const pending = tableByCaption(children, 'Demandes en attente — Réservations');
    expect(pending?.[0]).toEqual(['Enfant', 'Prestation', 'Jours', 'Date.demande', 'Action']);
    expect(pending?.[1]?.slice(0, 2)).toEqual(['HUGO DUPONT', 'ALSH Mercredi journée']);
    expect(tableByCaption(children, 'Demandes acceptées — Absences')?.[0]).toEqual([
      'Enfant',
      'Prestation',
      'Jours',
      'Motif',
      'Date.demande',
      'Date.acceptation',
    ]);
    const onlyAbsences = await (await parent.get('/liste-des-demandes?vue=enfants&type=absence')).text();
    expect(onlyAbsences).not.toContain('Réservations</h3>');
    expect(tableByCaption(onlyAbsences, 'Demandes en attente — Absences')).toBeDefined();
  });
});

async function dupontChild(firstName: string): Promise<number> {
  const family = await servers.db('families').where({ family_number: '1001001010331' }).first('id');
  return (await servers.db('children').where({ family_id: family.id, first_name: firstName }).first('id')).id;
}

describe('the child’s planning (« Mes enfants » a)', () => {
  it('shows the month with the manual’s columns, legend and navigation', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const hugo = await dupontChild('HUGO');
    const html = await (await parent.get(`/mes-enfants/${hugo}/planning?mois=2026-11`)).text();
    expect(html).toContain('<h2>Novembre 2026</h2>');
    expect(html).toContain('<h3 class="pm-date c1 weekend" id="d-2026-11-01"><span class="pm-long">Dimanche 1 Novembre</span>');
    expect(html).toContain('<strong>Garderie périscolaire Restauration scolaire</strong><span>DUPONT JEAN</span>');
    for (const label of [
      'Réserve',
      'Erreur',
      'Congé',
      'Heure hors contrat',
      'Régulier',
      'Fermeture',
      'Absent facturé',
      'Demande en attente',
      'Absent excusé',
      'Réserve en cours de traitement',
      'Réserve refusée',
      'Absence en cours de traitement',
      'Petites vacances',
      'Grandes vacances',
      'Jour férié',
    ]) {
      expect(html).toContain(` ${label}</li>`);
    }
    expect(html).toContain(`href="/mes-enfants/${hugo}/planning?mois=2026-12"`);
    expect(html).toContain('<span class="pm-words">Jour férié</span>');
  });

  it('is refused for another family’s child and ignores a malformed month', async () => {
    const neighbour = await logIn('voisin', 'Voisin2026');
    const hugo = await dupontChild('HUGO');
    expect((await neighbour.get(`/mes-enfants/${hugo}/planning`)).status).toBe(404);
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    expect(await (await parent.get(`/mes-enfants/${hugo}/planning?mois=2026-13`)).text()).toContain('<h2>Novembre 2026</h2>');
  });
});

describe('booking from the planning', () => {
  it('reserves the ticked days and says what happened to each', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const lea = await dupontChild('LÉA');
    const garderie = (await servers.db('services').where({ code: 'GARD_MATIN' }).first('id')).id;
    const page = await (await parent.get(`/mes-enfants/${lea}/planning?mois=2026-12`)).text();
    expect(page).toContain(`value="${garderie}|2026-12-08"`);
    const response = await parent.postForm(`/mes-enfants/${lea}/planning?mois=2026-12`, {
      _csrf: csrfFrom(page),
      jours: `${garderie}|2026-12-08`,
      action: 'reserve',
    });
    const html = await response.text();
    expect(html).toContain('<strong>Garderie matin, 08/12/2026</strong> : Réservé.');
    expect(await servers.db('planning_days').where({ child_id: lea, service_id: garderie, date: '2026-12-08' }).first()).toMatchObject({
      state: 'reserved',
    });
  });

  it('asks for the reason and the confirmation of an absence', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const lea = await dupontChild('LÉA');
    const canteen = (await servers.db('services').where({ code: 'RESTO' }).first('id')).id;
    const page = await (await parent.get(`/mes-enfants/${lea}/planning?mois=2026-12`)).text();
    const missing = await parent.postForm(`/mes-enfants/${lea}/planning?mois=2026-12`, {
      _csrf: csrfFrom(page),
      jours: `${canteen}|2026-12-14`,
      action: 'absence',
      motif: 'Maladie',
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('indiquez la raison et cochez la confirmation');
    const done = await parent.postForm(`/mes-enfants/${lea}/planning?mois=2026-12`, {
      _csrf: csrfFrom(page),
      jours: `${canteen}|2026-12-14`,
      action: 'absence',
      motif: 'Maladie',
      confirmation: 'on',
    });
    expect(await done.text()).toContain('<strong>Restauration scolaire, 14/12/2026</strong> : Absence enregistrée.');
    expect(await servers.db('planning_days').where({ child_id: lea, service_id: canteen, date: '2026-12-14' }).first()).toMatchObject({
      state: 'absent_excused',
      absence_reason: 'Maladie',
    });
  });

  it('takes a medical certificate with an absence, checked by its content, and shows it to the agent', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const lea = await dupontChild('LÉA');
    const canteen = (await servers.db('services').where({ code: 'RESTO' }).first('id')).id;
    const page = await (await parent.get(`/mes-enfants/${lea}/planning?mois=2026-12`)).text();
    expect(page).toMatch(/enctype="multipart\/form-data"/i);
    const form = (file: Blob, name: string) => {
      const data = new FormData();
      for (const [k, v] of Object.entries({ _csrf: csrfFrom(page), action: 'absence', motif: 'Maladie', confirmation: 'on' }))
        data.append(k, v);
      data.append('jours', `${canteen}|2026-12-17`);
      data.append('jours', `${canteen}|2026-12-18`);
      data.append('certificat', file, name);
      return data;
    };
    const fake = await parent.postMultipart(
      `/mes-enfants/${lea}/planning?mois=2026-12`,
      form(new Blob(['ceci n’est pas un PDF']), 'certificat.pdf'),
    );
    expect(fake.status).toBe(400);
    expect(await fake.text()).toContain('Le certificat doit être un PDF ou une photo (JPEG, PNG).');
    expect(
      await servers.db('planning_days').where({ child_id: lea, service_id: canteen, date: '2026-12-17' }).first('state'),
    ).toMatchObject({ state: 'regular' });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const done = await parent.postMultipart(`/mes-enfants/${lea}/planning?mois=2026-12`, form(new Blob([pdf]), 'arrêt maladie.pdf'));
    const html = await done.text();
    expect(html).toContain('<strong>Restauration scolaire, 17/12/2026</strong> : Absence enregistrée. Certificat médical joint.');
    expect(html).toContain('<strong>Restauration scolaire, 18/12/2026</strong> : Absence enregistrée. Certificat médical joint.');
    const agent = (
      await servers.dispatch({
        name: 'auth.login',
        input: { username: 'agent', password: 'Mairie2015' },
        sessionToken: null,
        source: 'test',
      })
    ).sessionToken!;
    const sheet = await servers.dispatch({
      name: 'attendance.sheet',
      input: { serviceId: canteen, date: '2026-12-18' },
      sessionToken: agent,
      source: 'test',
    });
    const row = (sheet.response as any).value.rows.find((r: any) => r.childName === 'DUPONT LÉA');
    expect(row).toMatchObject({ state: 'absent_excused' });
    const file = await servers.dispatch({
      name: 'certificates.get',
      input: { id: row.certificateId },
      sessionToken: agent,
      source: 'test',
    });
    expect((file.response as any).value).toMatchObject({
      filename: 'arrêt maladie.pdf',
      mimeType: 'application/pdf',
      base64: pdf.toString('base64'),
    });
  });

  it('refuses to book for another family’s child', async () => {
    const neighbour = await logIn('voisin', 'Voisin2026');
    const lea = await dupontChild('LÉA');
    const canteen = (await servers.db('services').where({ code: 'RESTO' }).first('id')).id;
    const csrf = csrfFrom(await (await neighbour.get('/accueil')).text());
    const response = await neighbour.postForm(`/mes-enfants/${lea}/planning`, {
      _csrf: csrf,
      jours: `${canteen}|2026-12-15`,
      action: 'absence',
      motif: 'Maladie',
      confirmation: 'on',
    });
    expect(response.status).toBe(404);
    expect((await servers.db('planning_days').where({ child_id: lea, service_id: canteen, date: '2026-12-15' }).first()).state).toBe(
      'regular',
    );
  });
});

describe('a family reaches only its own household, whatever the URL carries', () => {
  it.each(TABS)('%s shows nothing of the DUPONT family to another family', async (tab) => {
    const neighbour = await logIn('voisin', 'Voisin2026');
    for (const url of [tab, `${tab}?familyId=1&family=1&id=1`, `${tab}?annee=2026-2027&famille=1001001010331`]) {
      const response = await neighbour.get(url);
      expect(response.status).toBe(200);
      const html = await response.text();
      for (const secret of ['DUPONT', '1001001010331', 'AL-23', 'Spectacle de l’Accueil de Loisirs', 'LÉA', 'justificatif de domicile']) {
        expect(html).not.toContain(secret);
      }
    }
  });

  it.each(TABS)('%s needs a session', async (tab) => {
    const response = await new CookieClient(servers.portalUrl).get(tab);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/connexion?fin=expiree');
  });
});
