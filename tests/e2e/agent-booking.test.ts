import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAccessible, logInAgent, logInParent, useServersAndBrowser } from '../support/e2e-fixture';

// Monday 30 November 2026: M. DUPONT phones for LÉA's morning garderie tomorrow, past the deadline.
const fixture = useServersAndBrowser({ rendererDir: path.resolve('out/renderer') });

describe('an agent books a day for a family that phones', () => {
  it('is refused past the deadline, books with a reason, reads it in the Historique; the parent sees the day booked', async () => {
    const { db, staffUrl, portalUrl } = fixture.servers;
    const family = Number((await db('families').where({ family_number: '1001001010331' }).first('id')).id);
    const lea = Number((await db('children').where({ family_id: family, first_name: 'LÉA' }).first('id')).id);
    const garderie = Number((await db('services').where({ code: 'GARD_MATIN' }).first('id')).id);

    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInAgent(page, staffUrl);
    await page.getByRole('heading', { name: 'Tableau de bord', level: 1 }).waitFor();
    await page.goto(`${staffUrl}/#/familles/${family}`);
    await page.getByRole('heading', { name: 'Famille DUPONT — N° 1001001010331' }).waitFor();
    await page.getByRole('button', { name: 'Planning de LÉA DUPONT' }).click();
    const dialog = page.getByRole('dialog', { name: 'Planning de LÉA DUPONT' });
    await dialog.getByRole('heading', { name: 'Novembre 2026' }).waitFor(); // the server's month first
    await dialog.getByRole('button', { name: 'Mois suivant' }).click();
    await dialog.getByRole('heading', { name: 'Décembre 2026' }).waitFor();
    const tomorrow = dialog.getByRole('checkbox', { name: 'Garderie matin, 01/12/2026 : Libre' });
    await tomorrow.check();
    await dialog.getByRole('button', { name: 'Réserver (1 jour)' }).click();
    await dialog.getByText('Délai de réservation dépassé (jusqu’au 27/11/2026 à 10:00).', { exact: false }).waitFor();
    expect(await tomorrow.isChecked()).toBe(true); // the refused day stays ticked for a second try
    await expectAccessible(page, 'planning d’un enfant, back-office');

    const reason = dialog.getByLabel('Motif de la dérogation (délai dépassé ou jour complet)');
    await reason.fill('Reprise du travail, appel du père');
    await reason.press('Enter'); // Enter in the form does what its button says
    await dialog.getByText('Réservé. Dérogation (délai dépassé) : Reprise du travail, appel du père.', { exact: false }).waitFor();
    await dialog.getByRole('checkbox', { name: 'Garderie matin, 01/12/2026 : Réserve' }).waitFor();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/agent-planning.png' });
    await dialog.getByRole('button', { name: 'Fermer' }).click();

    await page.reload();
    const history = page.getByRole('grid', { name: 'Historique de la famille 1001001010331' });
    await history
      .getByRole('row')
      .filter({ hasText: 'Motif de la dérogation : Reprise du travail, appel du père' })
      .filter({ hasText: 'Agent périscolaire' })
      .waitFor();
    await page.close();

    const parent = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInParent(parent, portalUrl, 'jean.dupont', 'Bonbons2015');
    await parent.goto(`${portalUrl}/mes-enfants/${lea}/planning?mois=2026-12`);
    const cell = parent.locator('.pm-cell', { has: parent.locator(`input[value="${garderie}|2026-12-01"]`) });
    expect(await cell.getAttribute('class')).toContain('st-reserved');
    await parent.close();
  });
});
