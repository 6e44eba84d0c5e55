import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from '../support/chromium';
import { useServersAndBrowser } from '../support/e2e-fixture';

const fixture = useServersAndBrowser();

async function expectNoAxeViolation(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

async function logInAsJean(page: Page) {
  await page.goto(`${fixture.servers.portalUrl}/connexion`);
  await page.getByLabel('Identifiant', { exact: true }).fill('jean.dupont');
  await page.getByLabel('Mot de passe', { exact: true }).fill('Bonbons2015');
  await page.getByRole('button', { name: 'Connexion' }).click();
  await page.waitForURL('**/accueil');
}

describe('a parent logs in and out of the portal in Chromium', () => {
  it('is refused with a clear message when the password is wrong', async () => {
    const page = await fixture.browser.newPage();
    await page.goto(`${fixture.servers.portalUrl}/connexion`);
    await expectNoAxeViolation(page);
    await page.getByLabel('Identifiant', { exact: true }).fill('jean.dupont');
    await page.getByLabel('Mot de passe', { exact: true }).fill('PasLeBon1');
    await page.getByRole('button', { name: 'Connexion' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Identifiant ou mot de passe incorrect.');
    expect(await page.getByLabel('Identifiant', { exact: true }).inputValue()).toBe('jean.dupont');
    await expectNoAxeViolation(page);
    await page.close();
  });

  it('logs in with the keyboard alone, sees the home page, and logs out', async () => {
    const page = await fixture.browser.newPage();
    await page.goto(`${fixture.servers.portalUrl}/connexion`);
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    await page.keyboard.type('jean.dupont');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bonbons2015');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/accueil');
    expect(await page.locator('.welcome').innerText()).toMatch(
      /^Bienvenue JEAN DUPONT, vous avez 1 Nouveau\(x\) Message\(s\)\s+Lundi 30 Novembre 2026$/,
    );
    expect(await page.getByRole('heading', { name: 'Factures Impayées' }).isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: 'AL-23' }).isVisible()).toBe(true);
    await expectNoAxeViolation(page);

    await page.getByRole('button', { name: 'Déconnexion' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/connexion?fin=deconnexion');
    expect(await page.getByRole('status').textContent()).toBe('Vous êtes déconnecté(e).');
    await expectNoAxeViolation(page);
    await page.goto(`${fixture.servers.portalUrl}/accueil`);
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await page.close();
  });

  it('has no accessibility violation and no sideways scrolling on any tab, on a desktop and on a phone', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 360, height: 740 },
    ]) {
      const context = await fixture.browser.newContext({ viewport });
      const page = await context.newPage();
      await logInAsJean(page);
      for (const tab of ['Mon compte', 'Mes enfants', 'Relevé de compte', 'Boîte de réception', 'Liste des demandes', 'Accueil']) {
        await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: tab, exact: true }).click();
        await page.waitForLoadState('load');
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(tab);
        expect({ tab, viewport: viewport.width, violations: await axeViolations(page) }).toEqual({
          tab,
          viewport: viewport.width,
          violations: [],
        });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect({ tab, overflow }).toEqual({ tab, overflow: 0 });
      }
      await context.close();
    }
  });

  it('shows the forgotten-password page without violation', async () => {
    const page = await fixture.browser.newPage();
    await page.goto(`${fixture.servers.portalUrl}/connexion`);
    await page.getByRole('link', { name: 'Mot de passe oublié' }).click();
    await page.waitForURL('**/mot-de-passe-oublie');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Mot de passe oublié');
    await expectNoAxeViolation(page);
    await page.close();
  });
});
