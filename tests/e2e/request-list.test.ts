import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, logInParent, useServersAndBrowser } from '../support/e2e-fixture';
import { seedDecidedRequestsOfEachType } from '../support/request-fixtures';

const fixture = useServersAndBrowser();

describe('a parent reads « Liste des demandes » on a phone and on a desktop', () => {
  beforeAll(async () => {
    const { db } = fixture.servers;
    const family = (await db('families').where({ family_number: '1001001010331' }).first('id')).id;
    const hugo = (await db('children').where({ family_id: family, first_name: 'HUGO' }).first('id')).id;
    for (const state of ['accepted', 'refused'] as const) await seedDecidedRequestsOfEachType(db, family, hugo, state);
  });

  it.each([
    [375, 740],
    [1366, 900],
  ])('at %d px: each type with its columns and values, refused and accepted, nothing off screen', async (width, height) => {
    const { portalUrl } = fixture.servers;
    const page = await fixture.browser.newPage({ viewport: { width, height } });
    await logInParent(page, portalUrl, 'jean.dupont', 'Bonbons2015');
    await page.getByRole('link', { name: 'Liste des demandes', exact: true }).click();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/compte-${width}.png`, fullPage: true });
    const refusedResponsable = page.getByRole('group', { name: 'Demandes refusées — Informations responsable' });
    // The manual's columns, each value beside its header (a card per request on a phone).
    for (const header of ['Qualité', 'Adresse', 'Tél.domicile', 'Tél.Prof.', 'Mobile', 'Email', 'Employeur', 'Motif.refus']) {
      expect(await refusedResponsable.getByRole('columnheader', { name: header, exact: true }).count(), header).toBe(1);
    }
    const refusal = refusedResponsable.getByRole('cell', { name: 'Refus responsable' });
    expect(await refusal.isVisible()).toBe(true);
    const box = await refusal.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    await expectAccessible(page, `Liste des demandes, Mon compte, ${width} px`);

    await page.getByRole('navigation', { name: 'Demandes par fiche' }).getByRole('link', { name: 'Mes enfants' }).click();
    const accepted = page.getByRole('group', { name: 'Demandes acceptées — Vaccinations' });
    expect(await accepted.getByRole('cell', { name: 'DTP — fait le 02/03/2025' }).isVisible()).toBe(true);
    const reservation = page.getByRole('group', { name: 'Demandes refusées — Réservations' });
    expect(await reservation.getByRole('cell', { name: '03/12/2026, 04/12/2026' }).isVisible()).toBe(true);
    await expectAccessible(page, `Liste des demandes, Mes enfants, ${width} px`);
    if (width === 375) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
    }
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/demandes-${width}.png`, fullPage: true });
    await page.close();
  });
});
