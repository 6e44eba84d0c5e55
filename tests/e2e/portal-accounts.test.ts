import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, useServersAndBrowser } from '../support/e2e-fixture';
import { lastLinkTo as lastLinkIn } from '../support/outbox';

const fixture = useServersAndBrowser();

const lastLinkTo = (address: string) => lastLinkIn(fixture.servers.db, address);

/** The « Nouveau mot de passe » field (the page's heading bears the same words). */
const newPassword = (page: Page) => page.locator('input#password');

async function logIn(page: Page, login: string, password: string) {
  await page.goto(`${fixture.servers.portalUrl}/connexion`);
  await page.getByLabel('Identifiant', { exact: true }).fill(login);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Connexion' }).click();
}

describe('a parent who forgot the password gets a new one by e-mail', () => {
  it('asks, receives a link, is told which rule failed, chooses a password and logs in', async () => {
    const page = await fixture.browser.newPage();
    await page.goto(`${fixture.servers.portalUrl}/connexion`);
    await page.getByRole('link', { name: 'Mot de passe oublié' }).click();
    await expectAccessible(page, 'formulaire mot de passe oublié');
    await page.getByLabel('Identifiant').fill('jean.dupont');
    await page.getByRole('button', { name: 'Envoyer le lien' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').innerText()).toContain('Si cet identifiant correspond à un compte actif');
    await expectAccessible(page, 'demande envoyée');

    await page.goto(fixture.servers.portalUrl + (await lastLinkTo('jean.dupont@wanadoo.fr')));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Nouveau mot de passe');
    await expectAccessible(page, 'choix du mot de passe');
    await newPassword(page).fill('bonbons');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('bonbons');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    expect(await page.locator('#password-error').innerText()).toContain('au moins 8 caractères');
    expect(await newPassword(page).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'erreurs de mot de passe');

    await newPassword(page).fill('Tartine-Chocolat26');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Tartine-Chocolat26');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL('**/connexion?fin=active');
    expect(await page.getByRole('status').innerText()).toBe('Votre mot de passe est enregistré : vous pouvez vous connecter.');
    await logIn(page, 'jean.dupont', 'Tartine-Chocolat26');
    await page.waitForURL('**/accueil');
    await expectAccessible(page, 'accueil');
    await page.close();
  });

  it('says plainly when a link has already been used', async () => {
    const page = await fixture.browser.newPage();
    await page.goto(fixture.servers.portalUrl + (await lastLinkTo('jean.dupont@wanadoo.fr')));
    expect(await page.getByRole('alert').innerText()).toContain('Ce lien n’est plus valable');
    await expectAccessible(page, 'lien expiré');
    await page.close();
  });
});

describe('a family given a temporary password', () => {
  it('must choose its own at first login, then reaches its pages', async () => {
    const login = await fixture.servers.dispatch({
      name: 'auth.login',
      input: { username: 'agent', password: 'Mairie2015' },
      sessionToken: null,
      source: 'e2e',
    });
    const martin = await fixture.servers.db('families').where({ family_number: '1001001010332' }).first('id');
    const result = await fixture.servers.dispatch({
      name: 'portalAccounts.setTemporaryPassword',
      input: { familyId: martin.id, password: 'Provisoire2026' },
      sessionToken: login.sessionToken!,
      source: 'e2e',
    });
    expect(result.response.ok).toBe(true);

    const page = await fixture.browser.newPage();
    await logIn(page, 'marie.martin', 'Provisoire2026');
    await page.waitForURL('**/changer-mot-de-passe');
    expect(await page.getByRole('status').innerText()).toContain('vous devez choisir un nouveau mot de passe avant de continuer');
    await expectAccessible(page, 'première connexion');
    await page.goto(`${fixture.servers.portalUrl}/releve-de-compte`);
    expect(new URL(page.url()).pathname).toBe('/changer-mot-de-passe');

    await page.getByLabel('Mot de passe actuel').fill('Provisoire2026');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Goûter-Mercredi7');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Goûter-Mercredi7');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL('**/changer-mot-de-passe?fait=1');
    expect(await page.getByRole('status').innerText()).toBe('Votre mot de passe a été modifié.');
    await expectAccessible(page, 'mot de passe modifié');
    await page.getByRole('link', { name: 'Relevé de compte' }).click();
    await page.waitForURL('**/releve-de-compte');

    for (const [link, heading] of [['GP-64', 'Facture GP-64']] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(heading);
      await expectAccessible(page, heading);
    }
    for (const [tab, link, where] of [
      ['Mes enfants', 'TOM MARTIN', 'fiche enfant'],
      ['Boîte de réception', 'Menus de décembre (non lu)', 'message'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: tab, exact: true }).click();
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectAccessible(page, where);
    }
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Accueil', exact: true }).click();
    for (const icon of ['Infos./Documents', "Fiche d'inscription", 'Changer mot de passe']) {
      await page.getByRole('navigation', { name: 'Raccourcis' }).getByRole('link', { name: icon }).click();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(icon);
      await expectAccessible(page, icon);
      await page.goBack();
    }
    await page.close();
  });
});
