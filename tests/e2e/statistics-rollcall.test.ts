import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAccessible, logInAgent, useServersAndBrowser } from '../support/e2e-fixture';
import { today } from '../../shared/core/clock';
import { addDays } from '../../shared/domain/french-dates';

// Monday 30 November 2026, the demo commune.
const fixture = useServersAndBrowser({ rendererDir: path.resolve('out/renderer') });

describe('an agent reads the statistics and takes the roll call', () => {
  it('shows November’s presence per service and exports the table as the screen shows it', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Statistiques' }).click();
    await page.getByRole('heading', { name: 'Statistiques', level: 1 }).waitFor();
    // The servers' month (the screen opens on the month before it).
    const month = today(fixture.servers.clock).slice(0, 7);
    await page.getByLabel('Du mois').fill(month);
    await page.getByLabel('Au mois').fill(month);
    const table = page.getByRole('table', { name: 'Présences par prestation et par mois' });
    await table.getByRole('row').nth(1).waitFor();
    const firstRow = (await table.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).map((t) => t.trim());
    expect(firstRow[1]).toBe(month.split('-').reverse().join('/'));
    await expectAccessible(page, 'statistiques, back-office');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter Présences par prestation et par mois en CSV' }).click(),
    ]);
    const lines = (await readFile((await download.path())!))
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('Prestation;Mois;Enfants;Journées;Heures');
    const [service, , children, days] = lines[1]!.split(';');
    expect([service, children, days]).toEqual([firstRow[0], firstRow[2]!.replace(/\s/g, ''), firstRow[3]!.replace(/\s/g, '')]);
    await page.close();
  });

  it('pre-fills the declared absences and marks the others present with « Tous présents »', async () => {
    // Two families declared an absence for Thursday's canteen (one in time, one late).
    const { db } = fixture.servers;
    const todayIso = today(fixture.servers.clock); // the test servers' Monday
    const thursday = addDays(todayIso, 3);
    const resto = Number((await db('services').where({ code: 'RESTO' }).first('id')).id);
    const [excused, billed] = await db('planning_days')
      .where({ service_id: resto, date: thursday, state: 'regular' })
      .orderBy('id')
      .limit(2);
    await db('planning_days').where({ id: excused.id }).update({ state: 'absent_excused', absence_reason: 'Maladie' });
    await db('planning_days').where({ id: billed.id }).update({ state: 'absent_billed', absence_reason: 'Autre' });
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Pointage' }).click();
    await page.getByRole('combobox', { name: 'Prestation' }).click();
    await page.getByRole('option', { name: 'Garderie périscolaire — Restauration scolaire' }).click();
    await page.getByLabel('Jour').fill(thursday);
    const roll = page.getByRole('table', { name: 'Pointage Restauration scolaire' });
    await roll.getByRole('row').nth(1).waitFor();
    const declared = await db('planning_days')
      .where({ service_id: resto, date: thursday })
      .whereIn('state', ['absent_excused', 'absent_billed']);
    expect(declared).toHaveLength(2);
    const pressed = (label: string) => roll.locator('button[aria-pressed="true"]', { hasText: label });
    const rows = (await roll.getByRole('row').count()) - 1;
    // Before anything is typed: the declared absences are marked, nobody is yet present.
    expect(await pressed('Absent').count()).toBe(declared.length);
    expect(await pressed('Présent').count()).toBe(0);
    await page.getByRole('button', { name: 'Tous présents' }).click();
    expect(await pressed('Présent').count()).toBe(rows - declared.length);
    expect(await pressed('Absent').count()).toBe(declared.length);
    await expectAccessible(page, 'pointage, back-office');

    // Today, a child with no booking turns up: found by name (Enter searches), added present.
    const expectedToday = await db('planning_days').where({ service_id: resto, date: todayIso }).pluck('child_id');
    const outsider = await db('children')
      .whereNotIn('id', expectedToday)
      .whereNull('archived_at')
      .orderBy('id')
      .first('first_name', 'last_name');
    await page.getByLabel('Jour').fill(todayIso);
    await roll.getByRole('row').nth(1).waitFor();
    const name = page.getByLabel('Nom de l’enfant');
    await name.fill(`${outsider.last_name} ${outsider.first_name}`);
    await name.press('Enter');
    await page
      .getByRole('button', { name: new RegExp(`^Ajouter ${outsider.last_name} ${outsider.first_name} — `) })
      .first()
      .click();
    const added = roll.getByRole('row', { name: `${outsider.last_name} ${outsider.first_name}` });
    await added.waitFor();
    expect(await added.locator('button[aria-pressed="true"]').innerText()).toBe('PRÉSENT');
    await page.close();
  });
});
