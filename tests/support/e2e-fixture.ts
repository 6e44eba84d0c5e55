import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium } from './chromium';
import { startTestServers, type TestServers } from './test-app';

/** Demo servers and one Chromium for a test file, started before its tests and stopped after. */
export function useServersAndBrowser(options: Parameters<typeof startTestServers>[0] = {}) {
  const fixture = {} as { servers: TestServers; browser: Browser };
  beforeAll(async () => {
    fixture.servers = await startTestServers(options);
    fixture.browser = await launchChromium();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.servers?.destroy();
  });
  return fixture;
}

/** Fails with the page's name and axe's findings when the page breaks a WCAG 2.1 A/AA rule. */
export async function expectAccessible(page: Page, where: string) {
  // A dialog still fading in has its colours half-way: axe would measure a contrast nobody reads.
  // (A spinner turns for ever: only the animations that end are waited for.)
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
  );
  expect({ where, violations: await axeViolations(page) }).toEqual({ where, violations: [] });
}

/** A parent logs in through the « Accès famille » form and lands on the home page. */
export async function logInParent(page: Page, portalUrl: string, login: string, password: string) {
  await page.goto(`${portalUrl}/connexion`);
  await page.getByLabel('Identifiant', { exact: true }).fill(login);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Connexion' }).click();
  await page.waitForURL('**/accueil');
}

/** The demo agent logs in to the back-office in the browser (the staff door). */
export async function logInAgent(page: Page, staffUrl: string) {
  await page.goto(staffUrl);
  await page.getByLabel('Identifiant').fill('agent');
  await page.getByLabel('Mot de passe').fill('Mairie2015');
  await page.getByRole('button', { name: 'Se connecter' }).click();
}
