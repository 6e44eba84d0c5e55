import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, useServersAndBrowser, logInAgent } from '../support/e2e-fixture';

const fixture = useServersAndBrowser({ rendererDir: 'out/renderer' });

async function parentLogsIn(page: Page, login = 'jean.dupont', password = 'Bonbons2015') {
  await page.goto(`${fixture.servers.portalUrl}/connexion`);
  await page.getByLabel('Identifiant', { exact: true }).fill(login);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Connexion' }).click();
  await page.waitForURL('**/accueil');
}

describe('a parent asks the commune to change the family record', () => {
  it('sends a change of address and sees it pending, every form accessible', async () => {
    const page = await fixture.browser.newPage();
    await parentLogsIn(page);
    await page.getByRole('link', { name: 'Mon compte', exact: true }).click();
    await expectAccessible(page, 'Mon compte');
    for (const icon of ['Informations Conjoint', 'Informations Fiscales', 'Info CAF', 'Coordonnées Bancaires', 'Infos Responsable']) {
      await page.getByRole('navigation', { name: 'Demandes de modification' }).getByRole('link', { name: icon }).click();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(icon);
      await expectAccessible(page, icon);
      if (icon !== 'Infos Responsable') await page.goBack();
    }
    const boxes = () =>
      page.locator('form input[type="checkbox"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).checked));
    const ticked = await boxes();
    expect(ticked).toContain(true); // « Autorisation courriel » and others, as on record
    await page.getByLabel('Code postal').fill('314');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    expect(await page.locator('#f-postalCode-error').innerText()).toBe('Code postal invalide (5 chiffres).');
    expect(await boxes()).toEqual(ticked); // the form comes back as the parent left it, boxes included
    await expectAccessible(page, 'erreur de saisie');
    await page.getByLabel('Code postal').fill('31400');
    await page.getByLabel('Adresse', { exact: true }).fill('14 RUE DES BONBONS');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL('**/mon-compte?demande=envoyee');
    expect(await page.getByRole('status').innerText()).toContain('Votre demande a été transmise à la commune');
    expect(await page.getByText('(modification en attente : 14 RUE DES BONBONS)').isVisible()).toBe(true);
    const request = await fixture.servers.db('requests').where({ category: 'responsable', state: 'pending' }).orderBy('id', 'desc').first();
    expect(Object.keys(JSON.parse(request.proposed_json)).sort()).toEqual(['address']); // only what the parent changed (the postcode was already 31400)
    await expectAccessible(page, 'Mon compte avec demande');
    await page.close();
  });

  it('asks about a child and for a new child, then filters « Liste des demandes »', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 390, height: 844 } });
    await parentLogsIn(page);
    await page.getByRole('link', { name: 'Mes enfants', exact: true }).click();
    await page.getByRole('link', { name: 'LÉA DUPONT' }).click();
    for (const [icon, heading] of [
      ['Personnes autorisées', 'Personnes autorisées — LÉA DUPONT'],
      ["Informations de l'enfant", "Informations de l'enfant — LÉA DUPONT"],
      ['Vaccinations', 'Vaccinations — LÉA DUPONT'],
      ['Données sanitaires', 'Données sanitaires — LÉA DUPONT'],
    ]) {
      await page.getByRole('navigation', { name: 'Demandes de modification de la fiche enfant' }).getByRole('link', { name: icon }).click();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(heading);
      await expectAccessible(page, heading);
      if (icon !== 'Données sanitaires') await page.goBack();
    }
    await page.getByLabel('Allergies').fill('Pollen');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/\/mes-enfants\/\d+\?demande=envoyee$/);
    await page.getByRole('link', { name: 'Mes enfants', exact: true }).click();
    await page.getByRole('link', { name: 'Ajouter un enfant' }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    expect(await page.locator('#c-lastName-error').innerText()).toBe('Le nom est obligatoire.');
    await expectAccessible(page, 'Ajouter un enfant');
    await page.getByRole('link', { name: 'Liste des demandes', exact: true }).click();
    await page.getByRole('navigation', { name: 'Demandes par fiche' }).getByRole('link', { name: 'Mes enfants' }).click();
    await page.getByRole('link', { name: 'Données sanitaires' }).click();
    expect(await page.getByRole('heading', { name: 'Données sanitaires', level: 3 }).count()).toBe(1);
    expect(await page.getByRole('cell', { name: 'Pollen' }).isVisible()).toBe(true); // what was asked
    await expectAccessible(page, 'Liste des demandes filtrée');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await page.close();
  });
});

describe('an agent decides in the request queue', () => {
  it('sees old → new, must give a reason to refuse, and the family reads it', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes', exact: true }).click();
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Informations responsable' }).click();
    await page.locator('.MuiDataGrid-row').first().waitFor();
    await page.getByText(/^1–\d+ sur \d+$/).waitFor(); // the grid speaks French
    await page.locator('.MuiDataGrid-row').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('cell', { name: '14 RUE DES BONBONS' }).waitFor();
    expect(await dialog.getByRole('cell', { name: '12 RUE DES BONBONS' }).count()).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Refuser' }).click();
    await dialog.getByText('Le motif du refus est obligatoire (3 caractères au moins).', { exact: true }).waitFor();
    await dialog.getByLabel('Motif du refus').fill('Merci de joindre un justificatif de domicile');
    await dialog.getByRole('button', { name: 'Refuser' }).click();
    await page.getByText('Demande refusée ; la famille en est informée.').waitFor();

    const parent = await fixture.browser.newPage();
    await parentLogsIn(parent);
    await parent.goto(`${fixture.servers.portalUrl}/liste-des-demandes?vue=compte&type=responsable`);
    expect(await parent.getByRole('cell', { name: 'Merci de joindre un justificatif de domicile' }).isVisible()).toBe(true);
    await parent.close();
    await page.close();
  });

  it('accepts a reservation for the day with a place and refuses the full one, with a reason the family reads', async () => {
    const { db, staffUrl, portalUrl } = fixture.servers;
    const family = Number((await db('families').where({ family_number: '1001001010331' }).first('id')).id);
    const hugo = Number((await db('children').where({ family_id: family, first_name: 'HUGO' }).first('id')).id);
    const service = await db('services').where({ code: 'ALSH_MER_J' }).first('id', 'capacity_per_day');
    // M. DUPONT asked on the portal for two Wednesdays after Christmas; the second has filled up since.
    const [open, full] = ['2027-01-06', '2027-01-13'];
    const [{ id: request }] = await db('requests')
      .insert({
        family_id: family,
        child_id: hugo,
        category: 'reservation',
        proposed_json: JSON.stringify({ serviceCode: 'ALSH_MER_J', dates: [open, full] }),
        previous_json: '{}',
        state: 'pending',
        family_comment: '',
        created_at: '2026-11-20T08:00:00.000Z', // the oldest: first in the queue
      })
      .returning('id');
    const bookedOn = async (date: string) =>
      Number(
        (
          await db('planning_days')
            .where({ service_id: service.id, date })
            .whereIn('state', ['reserved', 'regular'])
            .count({ n: '*' })
            .first()
        )?.n,
      );
    // One place left on the first day; the second filled by other children up to the capacity.
    const capacity = Math.max(await bookedOn(open), await bookedOn(full)) + 1;
    await db('services').where({ id: service.id }).update({ capacity_per_day: capacity });
    const others = await db('children')
      .whereNot('id', hugo)
      .whereNotIn('id', db('planning_days').where({ service_id: service.id, date: full }).select('child_id'))
      .limit(capacity - (await bookedOn(full)))
      .pluck('id');
    const at = '2026-11-29T08:00:00.000Z';
    await db('planning_days').insert(
      others.map((child_id) => ({
        child_id,
        service_id: service.id,
        date: full,
        state: 'reserved',
        late_cancellation: false,
        updated_at: at,
        updated_by: 'test',
      })),
    );
    const booked = capacity;
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInAgent(page, staffUrl);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes', exact: true }).click();
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Réservations' }).click();
    await page.getByText(/^1–\d+ sur \d+$/).waitFor();
    await page.locator('.MuiDataGrid-row').filter({ hasText: '20/11/2026' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('cell', { name: `Complet (${booked} place${booked > 1 ? 's' : ''})` }).waitFor();
    expect(await dialog.getByText(/^Prestation : .*ALSH Mercredi journée$/).count()).toBe(1);
    const keepOpen = dialog.getByRole('checkbox', { name: 'Accepter le Mercredi 6 Janvier 2027' });
    const keepFull = dialog.getByRole('checkbox', { name: 'Accepter le Mercredi 13 Janvier 2027' });
    expect([await keepOpen.isChecked(), await keepFull.isChecked()]).toEqual([true, false]); // the full day starts unticked
    await expectAccessible(page, 'demande de réservation, jours à choisir');
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/partial-accept.png' });
    await dialog.getByRole('button', { name: 'Accepter les jours cochés (1 sur 2)' }).click();
    await dialog.getByText('Le motif du refus est obligatoire pour les jours non acceptés (3 caractères au moins).').first().waitFor();
    expect(await keepFull.isChecked()).toBe(false); // the agent's choice survives the error
    await dialog.getByLabel('Motif du refus').fill('Complet ce mercredi-là');
    await dialog.getByRole('button', { name: 'Accepter les jours cochés (1 sur 2)' }).click();
    await page.getByText('Demande acceptée pour 1 jour(s), refusée pour 1 ; la famille en est informée.').waitFor();
    expect(await db('requests').where({ id: request }).first('state', 'refused_dates_json')).toEqual({
      state: 'accepted',
      refused_dates_json: JSON.stringify([full]),
    });
    expect((await db('planning_days').where({ child_id: hugo, service_id: service.id, date: open }).first('state')).state).toBe('reserved');
    await db('services').where({ id: service.id }).update({ capacity_per_day: service.capacity_per_day });
    await page.close();

    const parent = await fixture.browser.newPage({ viewport: { width: 375, height: 800 } });
    await parentLogsIn(parent);
    await parent.goto(`${portalUrl}/liste-des-demandes?vue=enfants&type=reservation`);
    await parent.getByText('13/01/2027 — Motif : Complet ce mercredi-là').waitFor();
    await expectAccessible(parent, 'réservation acceptée en partie');
    await parent.close();
  });
});

describe('a parent reads a child’s planning', () => {
  it('opens it from the child’s name, moves month to month with the keyboard, without accessibility violation', async () => {
    const page = await fixture.browser.newPage();
    await parentLogsIn(page);
    await page.getByRole('link', { name: 'Mes enfants', exact: true }).click();
    await page.getByRole('link', { name: 'HUGO DUPONT' }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe("Planning d'HUGO DUPONT");
    const current = await page.locator('.month-nav h2').innerText();
    await expectAccessible(page, 'planning');
    const next = page.getByRole('navigation', { name: 'Changer de mois' }).getByRole('link').last();
    const nextLabel = (await next.innerText()).replace(' →', '');
    await next.focus();
    await page.keyboard.press('Enter');
    await page.waitForLoadState('load');
    expect(await page.locator('.month-nav h2').innerText()).toBe(nextLabel);
    expect(nextLabel).not.toBe(current);
    await expectAccessible(page, 'planning du mois suivant');
    const phone = await fixture.browser.newPage({ viewport: { width: 360, height: 740 } });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(page.url());
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await expectAccessible(phone, 'planning sur téléphone');
    await phone.close();
    await page.close();
  });
});

describe('a parent books from the planning with the keyboard alone', () => {
  it('ticks a day with the space bar, asks for it, and reads the result', async () => {
    const page = await fixture.browser.newPage();
    await parentLogsIn(page);
    const lea = await fixture.servers
      .db('children')
      .where({
        first_name: 'LÉA',
        family_id: (await fixture.servers.db('families').where({ family_number: '1001001010331' }).first('id')).id,
      })
      .first('id');
    await page.goto(`${fixture.servers.portalUrl}/mes-enfants/${lea.id}/planning?mois=2026-12`);
    const box = page.getByLabel('Choisir Garderie périscolaire Garderie matin, Ma 08');
    await box.focus();
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Demande de Réserve' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Résultat de votre demande' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Résultat de votre demande' }).innerText()).toContain(
      'Garderie matin, 08/12/2026 : Réservé.',
    );
    await expectAccessible(page, 'planning après réservation');
    await page.close();
  });
});

describe('Enter in the planning does what the part of the form it is typed in says', () => {
  const leaPlanning = async () => {
    const family = await fixture.servers.db('families').where({ family_number: '1001001010331' }).first('id');
    const lea = await fixture.servers.db('children').where({ first_name: 'LÉA', family_id: family.id }).first('id');
    return { lea: lea.id as number, url: `${fixture.servers.portalUrl}/mes-enfants/${lea.id}/planning?mois=2026-12` };
  };

  it('sends nothing on Enter in a day’s box of the grid', async () => {
    const page = await fixture.browser.newPage();
    await parentLogsIn(page);
    const { lea, url } = await leaPlanning();
    await page.goto(url);
    const before = await fixture.servers.db('planning_days').where({ child_id: lea }).count({ n: '*' }).first();
    const box = page.getByLabel('Choisir Garderie périscolaire Garderie matin, Ma 15');
    await box.focus();
    await page.keyboard.press('Space');
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(request.url());
    });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(posted).toEqual([]);
    expect(await box.isChecked()).toBe(true); // the family's choice stays, to send with a button
    expect(await fixture.servers.db('planning_days').where({ child_id: lea }).count({ n: '*' }).first()).toEqual(before);
    await page.close();
  });

  it('declares the absence on Enter in « Précisions »', async () => {
    const page = await fixture.browser.newPage();
    await parentLogsIn(page);
    const { url } = await leaPlanning();
    await page.goto(url);
    await page.getByLabel('Choisir Garderie périscolaire Garderie matin, Je 17').check();
    await page.getByLabel("Raison de l'absence").selectOption('Rendez-vous médical');
    await page.getByLabel("Je confirme la déclaration d'absence").check();
    await page.getByLabel('Précisions (facultatif)').fill('Dentiste');
    await page.keyboard.press('Enter');
    const result = page.getByRole('status').filter({ hasText: 'Résultat de votre demande' });
    await result.waitFor();
    expect(await result.innerText()).toContain('Garderie matin, 17/12/2026 : Absence enregistrée.');
    await expectAccessible(page, 'planning après une absence déclarée au clavier');
    await page.close();
  });
});

describe('an agent accepts several requests at once', () => {
  it('ticks two rows of the queue and accepts them with one button', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes', exact: true }).click();
    const grid = page.getByRole('grid', { name: 'Demandes en attente' });
    await grid.locator('.MuiDataGrid-row').first().waitFor();
    const before = Number((await fixture.servers.db('requests').where({ state: 'pending' }).count<{ n: number }[]>({ n: '*' }).first())!.n);
    expect(before).toBeGreaterThanOrEqual(2);
    const rows = grid.locator('.MuiDataGrid-row');
    for (const index of [0, 1]) await rows.nth(index).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Accepter la sélection (2)' }).click();
    await page.getByText('2 demande(s) acceptée(s).').waitFor();
    const after = Number((await fixture.servers.db('requests').where({ state: 'pending' }).count<{ n: number }[]>({ n: '*' }).first())!.n);
    expect(after).toBe(before - 2);
    await page.close();
  });
});
