import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { expectAccessible } from '../support/e2e-fixture';
import { startTestServers, type TestServers } from '../support/test-app';
import { today } from '../../shared/core/clock';
import { formatShortFrenchDate, shiftMonth } from '../../shared/domain/french-dates';
import { dayHeader } from '../../shared/domain/planning-legend';

const rendererDir = path.resolve('out/renderer');
let servers: TestServers;
let browser: Browser;
let page: Page;
const familiesListCalls: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(rendererDir, 'index.html')))
    throw new Error('Back-office non construit : lancez « npm run build » avant les tests e2e.');
  servers = await startTestServers({ rendererDir });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => {
    if (request.url().endsWith('/staff-api/families.list')) familiesListCalls.push(JSON.parse(request.postData() ?? '{}'));
  });
});
afterAll(async () => {
  await browser?.close();
  await servers?.destroy();
});

const rows = () => page.locator('.MuiDataGrid-row');

describe('an agent works in the back-office in a browser (HTTP door)', () => {
  it('is refused with a clear message on a wrong password', async () => {
    await page.goto(servers.staffUrl);
    await page.getByLabel('Identifiant').fill('agent');
    await page.getByLabel('Mot de passe').fill('mauvais');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Identifiant ou mot de passe incorrect.');
  });

  it('logs in to the « Tableau de bord », then opens the first page of families, asked of the server', async () => {
    await page.getByLabel('Mot de passe').fill('Mairie2015');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Tableau de bord', level: 1 }).waitFor();
    await page.getByRole('heading', { name: /^Aujourd'hui — Lundi 30 Novembre 2026$/ }).waitFor();
    expect(
      await page
        .getByRole('table', { name: "Enfants attendus, aujourd'hui" })
        .getByRole('row', { name: /Restauration scolaire/ })
        .count(),
    ).toBe(1);
    await page.getByRole('heading', { name: 'Demandes en attente' }).waitFor();
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Familles' }).click();
    await page.getByText('1–25 sur 63').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.MuiDataGrid-row').length === 25);
    expect(familiesListCalls.at(-1)).toMatchObject({ page: 0, pageSize: 25, sortField: 'responsableName', sortDirection: 'asc' });
  });

  it('exports every family of the grid, not only the page shown, as a CSV read back equal to the grid', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter Liste des familles en CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('familles-2026-11-30.csv');
    const text = (await readFile((await download.path())!)).toString('utf8');
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(63 + 1); // the header and the 63 families, not the 25 shown
    const shownFirst = await rows().first().getByRole('gridcell').first().innerText();
    expect(lines[1]!.split(';')[0]).toBe(shownFirst); // the grid's order
    await page.getByText('63 ligne(s) exportée(s) dans familles-2026-11-30.csv.').waitFor();
  });

  it('turns to the next page on the server', async () => {
    await page.getByRole('button', { name: 'Page suivante' }).click();
    await page.getByText('26–50 sur 63').waitFor();
    expect(familiesListCalls.at(-1)).toMatchObject({ page: 1, pageSize: 25 });
  });

  it('searches on the server and opens the family page', async () => {
    await page.getByLabel('Rechercher (nom, prénom, n° famille, ville)').fill('dupont');
    await page.getByText('1–1 sur 1').waitFor();
    expect(familiesListCalls.at(-1)).toMatchObject({ page: 0, search: 'dupont' });
    await rows().first().click();
    await page.getByRole('heading', { name: 'Famille DUPONT — N° 1001001010331' }).waitFor();
    expect(await page.getByText('LÉA DUPONT').isVisible()).toBe(true);
    expect(await page.getByText('12 RUE DES BONBONS, 31400 SAINT - JEAN').isVisible()).toBe(true);
  });

  it('downloads everything held about the family, on its request (RGPD), as JSON', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Données personnelles (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('donnees-famille-1001001010331.json');
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(data.sections.find((s: { title: string }) => s.title === 'Enfants').rows).toHaveLength(2);
  });

  it('edits the family and shows the field errors in French', async () => {
    await page.getByRole('button', { name: 'Modifier', exact: true }).click();
    const email = page.locator('input[name="responsable.email"]');
    await email.fill('jean.dupont@');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Adresse e-mail invalide.', { exact: true }).waitFor();
    await email.fill('jean.dupont@orange.fr');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Fiche famille enregistrée.').waitFor();
    expect(await page.getByText('jean.dupont@orange.fr', { exact: true }).isVisible()).toBe(true);
  });

  it('asks before leaving the family form with changes not saved, and keeps them when the agent stays', async () => {
    const familyPage = page.url();
    await page.getByRole('button', { name: 'Modifier', exact: true }).click();
    const email = page.locator('input[name="responsable.email"]');
    await email.fill('jean.dupont@free.fr');
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss(); // « Annuler »: the agent stays
    });
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Familles', exact: true }).click();
    await expect.poll(() => asked).toEqual(['Des modifications ne sont pas enregistrées : quitter cette page sans les enregistrer ?']);
    expect(await email.inputValue()).toBe('jean.dupont@free.fr');
    expect(page.url()).toBe(familyPage);
    // Typed back to what is saved: nothing to lose, nothing asked.
    await email.fill('jean.dupont@orange.fr');
    await page.getByRole('button', { name: 'Annuler', exact: true }).click();
    expect(asked).toHaveLength(1);
  });

  it('reads the change in the family’s « Historique », old → new, and finds it in the « Journal »', async () => {
    await page.reload();
    const history = page.getByRole('grid', { name: 'Historique de la famille 1001001010331' });
    await history.getByRole('row').filter({ hasText: 'responsable.email : jean.dupont@wanadoo.fr → jean.dupont@orange.fr' }).waitFor();
    expect(await history.getByRole('row').filter({ hasText: 'family.update' }).first().innerText()).toContain('Agent périscolaire');
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('heading', { name: 'Journal des modifications', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Opération' }).click();
    await page.getByRole('option', { name: 'family.update' }).click();
    await page
      .getByRole('grid', { name: 'Journal des modifications' })
      .getByRole('row')
      .filter({ hasText: 'DUPONT JEAN (1001001010331)' })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Famille DUPONT — N° 1001001010331' }).waitFor();
  });

  it('edits a child’s health data and vaccinations from the family page', async () => {
    await page.getByRole('button', { name: 'Fiche de LÉA DUPONT' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Allergies').fill('Pollen');
    await dialog.getByRole('button', { name: 'Enregistrer données sanitaires' }).click();
    await dialog.getByText('Enregistré.').first().waitFor();
    await dialog.getByRole('button', { name: 'Ajouter un vaccin' }).click();
    await dialog.getByLabel('Vaccin', { exact: true }).last().fill('ROR');
    await dialog.getByRole('button', { name: 'Enregistrer les vaccinations' }).click();
    await expect.poll(() => dialog.getByText('Enregistré.', { exact: true }).count(), { timeout: 10_000 }).toBe(2);
    const dupont = await servers.db('families').where({ family_number: '1001001010331' }).first('id');
    const lea = await servers.db('children').where({ family_id: dupont.id, first_name: 'LÉA' }).first('id');
    expect((await servers.db('child_health').where({ child_id: lea.id }).first('allergies')).allergies).toBe('Pollen');
    expect((await servers.db('child_vaccinations').where({ child_id: lea.id })).map((v) => v.vaccine)).toEqual(['DTPolio', 'ROR']);
    await dialog.getByRole('button', { name: 'Fermer' }).click();
  });

  it('enrols a child with regular days that fill the planning', async () => {
    await page.getByRole('button', { name: "Fiche d'HUGO DUPONT" }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Prestation' }).click();
    await page.getByRole('option', { name: 'Garderie périscolaire — Garderie matin' }).click();
    await dialog.getByLabel('Du', { exact: true }).fill('2026-12-01');
    await dialog.getByLabel('Au', { exact: true }).fill('2026-12-18');
    await dialog.getByLabel('Mardi', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Inscrire' }).click();
    await dialog.getByText('Inscription enregistrée ; les jours réguliers sont au planning.').waitFor();
    const dupont = await servers.db('families').where({ family_number: '1001001010331' }).first('id');
    const hugo = await servers.db('children').where({ family_id: dupont.id, first_name: 'HUGO' }).first('id');
    const garderie = await servers.db('services').where({ code: 'GARD_MATIN' }).first('id');
    expect(
      (await servers.db('planning_days').where({ child_id: hugo.id, service_id: garderie.id }).orderBy('date')).map((d) => d.date),
    ).toEqual(['2026-12-01', '2026-12-08', '2026-12-15']);
    await dialog.getByRole('button', { name: 'Fermer' }).click();
  });

  it('creates a family and adds a child', async () => {
    await page.goto(`${servers.staffUrl}/#/familles/nouvelle`);
    await page.locator('input[name="responsable.lastName"]').fill('Rousseau');
    await page.locator('input[name="responsable.firstName"]').fill('Claire');
    await page.locator('input[name="responsable.postalCode"]').fill('18110');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: /^Famille ROUSSEAU — N° \d{13}$/ }).waitFor();
    await page.getByRole('button', { name: 'Ajouter un enfant' }).click();
    await page.getByLabel('Prénom').fill('Mila');
    await page.getByLabel('Date de naissance').fill('2020-04-12');
    await page.getByRole('dialog').getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('MILA ROUSSEAU — né(e) le 12/04/2020').waitFor();
  });

  it('opens a portal account for the new family and is told why no link can be sent', async () => {
    await page.getByLabel('Identifiant (facultatif : généré sinon)').fill('claire.rousseau');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByText('Identifiant :').waitFor();
    expect(await page.getByText('En attente d’activation').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Renvoyer le lien d’activation' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain("Le responsable n'a pas d'adresse e-mail");
  });

  it('edits the home page message the families see', async () => {
    await page.getByRole('link', { name: 'Paramètres' }).click();
    await page.getByLabel("Message de la page d'accueil").fill('Fermeture exceptionnelle le 24 décembre');
    await page.getByRole('button', { name: 'Enregistrer le message' }).click();
    await page.getByText('Paramètres enregistrés.').waitFor();
    expect((await servers.db('commune_settings').first('home_message')).home_message).toBe('Fermeture exceptionnelle le 24 décembre');
  });

  it('takes the roll call with the keyboard: P, E, F on each row', async () => {
    // Today by the server's clock (a Monday): a roll call is taken on the day, never ahead.
    const day = today(servers.clock);
    const canteen = (await servers.db('services').where({ code: 'RESTO' }).first('id')).id;
    const expected = await servers
      .db('planning_days')
      .where({ service_id: canteen, date: day })
      .whereIn('state', ['regular', 'reserved'])
      .count<{ n: number }[]>({ n: '*' })
      .first();
    await page.getByRole('link', { name: 'Pointage' }).click();
    await page.getByRole('combobox', { name: 'Prestation' }).click();
    await page.getByRole('option', { name: 'Garderie périscolaire — Restauration scolaire' }).click();
    await page.getByLabel('Jour').fill(day);
    await page.getByText(`${Number(expected!.n)} enfant(s) attendu(s)`).waitFor();
    // A key marks the row it is typed in, then the focus moves to the next row.
    await page.getByRole('row', { name: 'DUPONT HUGO' }).focus();
    await page.keyboard.press('p');
    await page.keyboard.press('e');
    await page.getByRole('row', { name: 'MARTIN TOM' }).focus();
    await page.keyboard.press('f');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Pointage enregistré.').waitFor();
    const marks = await servers
      .db('planning_days as p')
      .join('children as c', 'c.id', 'p.child_id')
      .join('families as f', 'f.id', 'c.family_id')
      .whereIn('f.family_number', ['1001001010331', '1001001010332'])
      .where({ 'p.service_id': canteen, 'p.date': day })
      .orderBy(['c.last_name', 'c.first_name'])
      .select('c.first_name', 'p.attendance');
    expect(marks.map((m) => [m.first_name, m.attendance])).toEqual([
      ['HUGO', 'present'],
      ['LÉA', 'absent_excused'],
      ['TOM', 'absent_billed'],
      ['ZOÉ', null],
    ]);
  });

  it('shows booked / capacity per day of a month', async () => {
    await page.getByRole('link', { name: 'Capacité' }).click();
    await page.getByRole('combobox', { name: 'Prestation' }).click();
    await page.getByRole('option', { name: 'Garderie périscolaire — Restauration scolaire' }).click();
    // Next month by the server's clock, and its first day the canteen has children booked.
    const month = shiftMonth(today(servers.clock).slice(0, 7), 1);
    const canteen = (await servers.db('services').where({ code: 'RESTO' }).first('id')).id;
    const day = (
      await servers.db('planning_days').where({ service_id: canteen }).where('date', 'like', `${month}-%`).orderBy('date').first('date')
    ).date;
    const dayLabel = `${dayHeader(day).slice(0, 2)} ${formatShortFrenchDate(day)}`; // « Ma 01/12/2026 »
    await page.getByLabel('Mois').fill(month);
    await page.getByRole('cell', { name: dayLabel }).waitFor();
    const booked = Number(
      (await servers
        .db('planning_days')
        .where({ service_id: canteen, date: day })
        .whereIn('state', ['reserved', 'regular'])
        .count<{ n: number }[]>({ n: '*' })
        .first())!.n,
    );
    expect(await page.getByRole('row', { name: dayLabel }).innerText()).toContain(`${booked} / 180`);
  });

  it('closes the structures for a day from « Prestations »', async () => {
    await page.getByRole('link', { name: 'Prestations' }).click();
    await page.getByRole('cell', { name: 'Journée pédagogique' }).first().waitFor(); // the demo's own closure
    const closures = page.locator('.MuiCard-root', { has: page.getByRole('heading', { name: 'Fermetures' }) });
    await closures.getByRole('combobox', { name: 'Concerne' }).click();
    await page.getByRole('option', { name: 'Garderie périscolaire — Garderie matin' }).click();
    await closures.getByLabel('Du', { exact: true }).fill('2026-12-18');
    await closures.getByLabel('Au', { exact: true }).fill('2026-12-18');
    await closures.getByLabel('Motif').fill('Grève');
    await closures.getByRole('button', { name: 'Fermer ces jours' }).click();
    // Before anything changes: the bookings it cancels, family by family, and whether to tell them.
    const adding = page.getByRole('dialog', { name: 'Ajouter cette fermeture ?' });
    await adding.getByText(/Cette fermeture annule \d+ jour\(s\) réservé\(s\)/).waitFor();
    const booked = Number(
      (await servers
        .db('planning_days as p')
        .join('services as s', 's.id', 'p.service_id')
        .where({ 's.code': 'GARD_MATIN', 'p.date': '2026-12-18' })
        .whereIn('p.state', ['reserved', 'regular'])
        .count<{ n: number }[]>({ n: '*' })
        .first())!.n,
    );
    expect(await adding.innerText()).toContain(`Cette fermeture annule ${booked} jour(s) réservé(s)`);
    expect(await adding.getByText('MARTIN MARIE — ZOÉ : Garderie matin le 18/12/2026').count()).toBe(1);
    const tell = adding.getByRole('checkbox', { name: /^Prévenir ces \d+ famille\(s\)/ });
    expect(await tell.isChecked()).toBe(true);
    await expectAccessible(page, 'fermeture : jours annulés');
    await adding.getByRole('button', { name: 'Ajouter la fermeture' }).click();
    await page
      .getByText(
        new RegExp(`^Fermeture ajoutée : ${booked} jour\\(s\\) réservé\\(s\\) annulé\\(s\\), \\d+ famille\\(s\\) prévenue\\(s\\)\\.$`),
      )
      .waitFor();
    await page.getByRole('cell', { name: 'Grève' }).waitFor();
    const martin = await servers.db('portal_accounts').where({ login: 'marie.martin' }).first('family_id');
    expect(
      await servers.db('messages').where({ family_id: martin.family_id, subject: 'Fermeture le 18/12/2026 : Garderie matin' }).first('id'),
    ).toBeTruthy();
    const garderie = await servers.db('services').where({ code: 'GARD_MATIN' }).first('id');
    expect(await servers.db('closures').where({ reason: 'Grève' }).first()).toMatchObject({
      starts_on: '2026-12-18',
      ends_on: '2026-12-18',
      service_id: garderie.id,
      structure_id: null,
    });
    expect(await closures.getByRole('row', { name: /Grève/ }).innerText()).toContain('Garderie matin');
    expect(await page.getByText('Modification réservée aux administrateurs.').first().isVisible()).toBe(true);
    // Removing it asks first, saying what it gives back; « Annuler » keeps it.
    await closures.getByRole('button', { name: 'Supprimer la fermeture du 18/12/2026' }).click();
    const confirm = page.getByRole('dialog', { name: 'Supprimer cette fermeture ?' });
    await confirm.getByText('ces jours redeviennent ouverts aux réservations, et les jours réservés qu’elle', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Annuler' }).click();
    expect(await servers.db('closures').where({ reason: 'Grève' }).first('id')).toBeTruthy();
    await closures.getByRole('button', { name: 'Supprimer la fermeture du 18/12/2026' }).click();
    await page.getByRole('dialog', { name: 'Supprimer cette fermeture ?' }).getByRole('button', { name: 'Supprimer la fermeture' }).click();
    await expect.poll(async () => Boolean(await servers.db('closures').where({ reason: 'Grève' }).first('id'))).toBe(false);
  });

  it('the demo’s admin gives the agent a temporary password; the agent must choose a new one first', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Back-office — Connexion' }).waitFor();
    await page.getByLabel('Identifiant').fill('directrice');
    await page.getByLabel('Mot de passe').fill('Direction2015');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Paramètres' }).click();
    const accounts = page.getByRole('table', { name: 'Comptes des agents' });
    await accounts.waitFor();
    expect(await accounts.getByRole('row', { name: /Agent périscolaire \(agent\)/ }).innerText()).not.toContain('Jamais'); // logged in today
    await accounts.getByLabel('Provisoire pour Agent périscolaire').fill('Provisoire-2026');
    await accounts
      .getByRole('row', { name: /Agent périscolaire \(agent\)/ })
      .getByRole('button', { name: 'Réinitialiser' })
      .click();
    await page.getByText('Mot de passe provisoire donné à Agent périscolaire').waitFor();
    // The admin takes a backup now, and reads it at the top of the list with its size.
    await page.getByText('Aucune sauvegarde pour l’instant.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
    await page.getByText(/^Sauvegarde écrite : portail-famille-.*-manuelle\.sqlite\.$/).waitFor();
    expect(await page.getByRole('table', { name: 'Dernières sauvegardes' }).getByRole('row').nth(1).innerText()).toMatch(
      /À la demande\s+\d+,\d Mo/,
    );
    // How long a gone family's records are kept: nobody is due in the demo; Enter in the field saves it.
    await page.getByText('Aucune famille sans activité depuis le 30/11/2020.', { exact: false }).waitFor();
    await page.getByText('Anonymisation arrêtée', { exact: false }).waitFor(); // never on by itself
    const keptFor = page.getByLabel('Anonymiser après (années)');
    await keptFor.fill('1');
    await keptFor.press('Enter');
    await page.getByText('Au moins 2 ans.', { exact: false }).waitFor();
    await keptFor.fill('8');
    await keptFor.press('Enter');
    await page.getByText('Durée de conservation enregistrée : 8 ans.').waitFor();
    await page.getByText('Aucune famille sans activité depuis le 30/11/2018.', { exact: false }).waitFor();
    await expectAccessible(page, 'Paramètres : sauvegardes');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Back-office — Connexion' }).waitFor();
    await page.getByLabel('Identifiant').fill('agent');
    await page.getByLabel('Mot de passe').fill('Provisoire-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Choisir un nouveau mot de passe' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Menu principal' }).count()).toBe(0); // nothing else opens
    await page.getByLabel('Mot de passe provisoire').fill('Provisoire-2026');
    await page.locator('input[name="newPassword"]').fill('Mon-secret-2026');
    await page.getByLabel('Confirmation du mot de passe').fill('Mon-secret-2026');
    await page.getByLabel('Confirmation du mot de passe').press('Enter');
    await page.getByRole('navigation', { name: 'Menu principal' }).waitFor(); // the back-office opens
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
  });
});
