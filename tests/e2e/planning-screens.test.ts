import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible, logInParent, useServersAndBrowser } from '../support/e2e-fixture';

const fixture = useServersAndBrowser({ rendererDir: path.resolve('out/renderer') });

const box = async (locator: Locator) => (await locator.boundingBox())!;
const overlapsVertically = (a: { y: number; height: number }, b: { y: number; height: number }) =>
  a.y < b.y + b.height && b.y < a.y + a.height;

async function hugosDecember(page: Page) {
  const family = await fixture.servers.db('families').where({ family_number: '1001001010331' }).first('id');
  const hugo = await fixture.servers.db('children').where({ family_id: family.id, first_name: 'HUGO' }).first('id');
  await logInParent(page, fixture.servers.portalUrl, 'jean.dupont', 'Bonbons2015');
  await page.goto(`${fixture.servers.portalUrl}/mes-enfants/${hugo.id}/planning?mois=2026-12`);
}

describe('a parent reads and fills the month’s planning on any screen', () => {
  it('on a phone (375 px): day by day, each service named beside its 44 px box, nothing scrolls sideways', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 375, height: 800 }, hasTouch: true, isMobile: true });
    await hugosDecember(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const day = page.locator('.pm-day').filter({ has: page.getByRole('heading', { name: 'Jeudi 3 Décembre' }) });
    const line = day.locator('.pm-cell').filter({ hasText: 'Garderie périscolaire Restauration scolaire' });
    const checkbox = line.getByRole('checkbox', { name: 'Choisir Garderie périscolaire Restauration scolaire, Je 03' });
    const control = await box(checkbox);
    expect(control.width).toBeGreaterThanOrEqual(44);
    expect(control.height).toBeGreaterThanOrEqual(44);
    const name = await box(line.locator('.pm-name'));
    expect(overlapsVertically(name, control)).toBe(true);
    expect(name.x + name.width).toBeLessThanOrEqual(control.x);
    expect(await line.getByText('Régulier', { exact: true }).isVisible()).toBe(true);
    // The holidays are one line, not a box per service.
    const holiday = page.locator('.pm-day').filter({ has: page.getByRole('heading', { name: 'Mardi 22 Décembre' }) });
    expect(await holiday.locator('.pm-daynote').innerText()).toBe('Petites vacances');
    expect(await holiday.locator('.pm-cell').first().isVisible()).toBe(false);
    await checkbox.tap();
    expect(await checkbox.isChecked()).toBe(true);
    await expectAccessible(page, 'planning (téléphone)');
    await page.close();
  });

  it('on a desktop (1 366 px): the whole month in the page, services in rows, days in columns, by keyboard', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await hugosDecember(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    const grid = await box(page.locator('.pm'));
    expect(grid.x + grid.width).toBeLessThanOrEqual(1366);
    const checkbox = page.getByRole('checkbox', { name: 'Choisir Garderie périscolaire Restauration scolaire, Je 03' });
    const control = await box(checkbox);
    expect(control.width).toBeGreaterThanOrEqual(24);
    const service = await box(page.locator('.pm-service').filter({ hasText: 'Garderie périscolaire Restauration scolaire' }));
    expect(overlapsVertically(service, control)).toBe(true);
    const column = await box(page.locator('.pm-date').filter({ hasText: 'Je03' }));
    expect(control.x >= column.x && control.x + control.width <= column.x + column.width).toBe(true);
    const lastDay = await box(page.locator('.pm-date').filter({ hasText: 'Je31' }));
    expect(lastDay.x + lastDay.width).toBeLessThanOrEqual(grid.x + grid.width + 1);
    await checkbox.focus();
    await page.keyboard.press('Space');
    expect(await checkbox.isChecked()).toBe(true);
    await expectAccessible(page, 'planning (bureau)');
    await page.close();
  });

  it('on a phone: ticks a booked day and « Annuler ma réservation » frees it, as the page says', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 375, height: 800 }, hasTouch: true, isMobile: true });
    await hugosDecember(page);
    const day = page.locator('.pm-day').filter({ has: page.getByRole('heading', { name: 'Jeudi 10 Décembre' }) });
    await day.getByRole('checkbox', { name: 'Choisir Garderie périscolaire Restauration scolaire, Je 10' }).tap();
    const cancel = page.getByRole('button', { name: 'Annuler ma réservation' });
    expect(await cancel.getAttribute('aria-describedby')).toBe('annulation-note');
    await cancel.tap();
    const result = page.getByRole('status').filter({ hasText: 'Résultat de votre demande' });
    expect(await result.innerText()).toContain(
      'Restauration scolaire, 10/12/2026 : Réservation annulée : la journée ne sera pas facturée.',
    );
    const after = page.locator('.pm-day').filter({ has: page.getByRole('heading', { name: 'Jeudi 10 Décembre' }) });
    expect(await after.locator('.pm-cell').filter({ hasText: 'Restauration scolaire' }).getByText('Absent excusé').isVisible()).toBe(true);
    await expectAccessible(page, 'planning après annulation (téléphone)');
    await page.close();
  });
});

describe('a parent puts a child’s days in the phone’s calendar', () => {
  it('makes the address by keyboard on a phone, reads it once, then revokes it', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 375, height: 800 }, hasTouch: true, isMobile: true });
    const family = await fixture.servers.db('families').where({ family_number: '1001001010331' }).first('id');
    const lea = await fixture.servers.db('children').where({ family_id: family.id, first_name: 'LÉA' }).first('id');
    await logInParent(page, fixture.servers.portalUrl, 'jean.dupont', 'Bonbons2015');
    await page.goto(`${fixture.servers.portalUrl}/mes-enfants/${lea.id}`);
    await page.getByRole('heading', { name: 'Agenda sur mon téléphone' }).waitFor();
    await page.getByRole('button', { name: 'Créer l’adresse de l’agenda' }).press('Enter');
    const address = page.getByRole('textbox', { name: 'Adresse de l’agenda' });
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/\/agenda\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(await page.getByRole('link', { name: 'S’abonner sur ce téléphone' }).getAttribute('href')).toMatch(/^webcal:/);
    const field = await box(address);
    expect(field.x + field.width).toBeLessThanOrEqual(375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    if (process.env.SCREENSHOTS) await page.locator('#calendar-title').locator('..').screenshot({ path: '/tmp/agenda-375.png' });
    await expectAccessible(page, 'agenda : adresse créée (375 px)');
    const feed = await fetch(url.replace(/^https?:\/\/[^/]+/, fixture.servers.portalUrl));
    expect(await feed.text()).toContain('SUMMARY:LÉA — Garderie matin');
    await page.goto(`${fixture.servers.portalUrl}/mes-enfants/${lea.id}`); // shown once: never again on the page
    expect(await page.getByRole('textbox', { name: 'Adresse de l’agenda' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Révoquer l’adresse' }).press('Enter');
    await page.getByRole('status').getByText('L’adresse de l’agenda est révoquée').waitFor();
    await expectAccessible(page, 'agenda : adresse révoquée (375 px)');
    await page.close();
  });
});
