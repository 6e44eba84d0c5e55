import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, logInAgent, logInParent, useServersAndBrowser } from '../support/e2e-fixture';

// A parent opens HUGO's planning, goes to « Inscriptions en cours » beside « Agenda », reads each
// enrolment, and comes back to the planning by the keyboard — on a phone and on a desktop.
const fixture = useServersAndBrowser({ rendererDir: path.resolve('out/renderer') });

async function hugosPlanning(page: Page): Promise<number> {
  const family = await fixture.servers.db('families').where({ family_number: '1001001010331' }).first('id');
  const hugo = await fixture.servers.db('children').where({ family_id: family.id, first_name: 'HUGO' }).first('id');
  await logInParent(page, fixture.servers.portalUrl, 'jean.dupont', 'Bonbons2015');
  await page.goto(`${fixture.servers.portalUrl}/mes-enfants/${hugo.id}/planning?mois=2026-12`);
  return Number(hugo.id);
}

async function readsTheEnrolments(page: Page, width: number) {
  const hugo = await hugosPlanning(page);
  const views = page.getByRole('navigation', { name: "Vues de l'enfant" });
  expect(await views.getByRole('link', { name: 'Agenda' }).getAttribute('aria-current')).toBe('page');
  await views.getByRole('link', { name: 'Inscriptions en cours' }).click();
  await page.waitForURL(`**/mes-enfants/${hugo}/inscriptions`);
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe("Inscriptions en cours d'HUGO DUPONT");
  const canteen = page
    .locator('.enrolment-list > li')
    .filter({ has: page.getByRole('heading', { name: 'Garderie périscolaire — Restauration scolaire' }) });
  expect(await canteen.isVisible()).toBe(true);
  expect(await canteen.innerText()).toContain('En cours');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  // Every card within the screen's width.
  for (const card of await page.locator('.enrolment-list > li').all()) {
    const box = (await card.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(width);
  }
  await expectAccessible(page, `inscriptions en cours (${width} px)`);
  // Back to « Agenda » by the keyboard: focus the tab, Enter follows it.
  await views.getByRole('link', { name: 'Agenda' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/mes-enfants/${hugo}/planning`);
  expect(
    await page.getByRole('navigation', { name: "Vues de l'enfant" }).getByRole('link', { name: 'Agenda' }).getAttribute('aria-current'),
  ).toBe('page');
}

describe('« Inscriptions en cours » beside « Agenda »', () => {
  it('on a phone (375 px)', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 375, height: 800 }, hasTouch: true, isMobile: true });
    await readsTheEnrolments(page, 375);
    await page.close();
  });

  it('on a desktop (1 366 px)', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await readsTheEnrolments(page, 1366);
    await page.close();
  });
});

describe('an enrolment asked online and accepted from the queue', () => {
  it('a parent asks on a phone, an agent accepts it, the parent sees it in « Inscriptions en cours » and in the planning', async () => {
    const phone = await fixture.browser.newPage({ viewport: { width: 375, height: 800 }, hasTouch: true, isMobile: true });
    const hugo = await hugosPlanning(phone);
    await phone.goto(`${fixture.servers.portalUrl}/mes-enfants/${hugo}/inscriptions`);
    const form = phone.getByRole('form', { name: 'Demander une inscription' });
    await form.getByLabel('Prestation').selectOption({ label: 'Garderie périscolaire — Garderie matin' });
    await form.getByLabel('Du').fill('2026-12-01');
    await form.getByLabel('Au').fill('2026-12-18');
    await form.getByRole('checkbox', { name: 'Lundi' }).tap();
    await form.getByRole('checkbox', { name: 'Jeudi' }).tap();
    await form.getByLabel('Commentaire pour la commune (facultatif)').fill('Arrivée à 7 h 45');
    await form.getByRole('button', { name: 'Envoyer la demande d’inscription' }).tap();
    await phone.waitForURL('**/inscriptions?demande=envoyee#avis');
    await phone.getByText('Votre demande a été transmise à la commune', { exact: false }).waitFor();
    const pending = phone.getByRole('region', { name: 'Demandes en attente' });
    expect(await pending.innerText()).toContain('du 01/12/2026 au 18/12/2026');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(phone, 'demande d’inscription envoyée (375 px)');
    await phone.close();

    const agent = await fixture.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logInAgent(agent, fixture.servers.staffUrl);
    await agent.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes', exact: true }).click();
    await agent.getByRole('combobox', { name: 'Type' }).click();
    await agent.getByRole('option', { name: 'Inscriptions', exact: true }).click();
    await agent.locator('.MuiDataGrid-row').first().waitFor();
    await agent.locator('.MuiDataGrid-row').first().click();
    const dialog = agent.getByRole('dialog');
    await dialog.getByText('Prestation : Garderie périscolaire — Garderie matin').waitFor();
    expect(await dialog.getByText('Jours réguliers : lundi et jeudi').isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Accepter' }).click();
    await agent
      .getByText('Demande acceptée : l’inscription et ses jours réguliers sont au planning ; la famille en est informée.')
      .waitFor();
    await agent.close();

    const desktop = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInParent(desktop, fixture.servers.portalUrl, 'jean.dupont', 'Bonbons2015');
    await desktop.goto(`${fixture.servers.portalUrl}/mes-enfants/${hugo}/inscriptions`);
    const card = desktop
      .locator('.enrolment-list > li')
      .filter({ has: desktop.getByRole('heading', { name: 'Garderie périscolaire — Garderie matin' }) });
    expect(await card.innerText()).toMatch(/du 01\/12\/2026 au 18\/12\/2026\s+Jours réguliers\s+lundi et jeudi\s+État\s+À venir/);
    expect(await desktop.getByRole('region', { name: 'Demandes en attente' }).innerText()).toContain('Aucune demande en attente.');
    await expectAccessible(desktop, 'inscription acceptée (1 366 px)');
    await desktop.getByRole('navigation', { name: "Vues de l'enfant" }).getByRole('link', { name: 'Agenda' }).click();
    await desktop.waitForURL(`**/mes-enfants/${hugo}/planning`);
    await desktop.goto(`${fixture.servers.portalUrl}/mes-enfants/${hugo}/planning?mois=2026-12`);
    expect(await desktop.locator('.pm-service').filter({ hasText: 'Garderie matin' }).count()).toBeGreaterThan(0);
    await desktop.close();
  });
});
