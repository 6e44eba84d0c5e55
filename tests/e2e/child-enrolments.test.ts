import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, logInParent, useServersAndBrowser } from '../support/e2e-fixture';

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
