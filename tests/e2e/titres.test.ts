import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertStaffUser } from '../../shared/core/accounts/staff-auth';
import { fixedClock } from '../../shared/core/clock';
import { useServersAndBrowser } from '../support/e2e-fixture';

// The demo on 31 December 2026: September's unpaid invoices (due 30 November) are past the
// online-payment window and go to the trésorerie as titres.
const fixture = useServersAndBrowser({ rendererDir: path.resolve('out/renderer'), clock: fixedClock('2026-12-31T09:00:00Z') });

describe('the régisseur hands unpaid invoices to the trésorerie', () => {
  it('checks the PES identifiers, then issues a bordereau of titres from « Impayés »', async () => {
    await insertStaffUser(
      fixture.servers.db,
      { username: 'regisseur', displayName: 'Régisseur principal', password: 'Regie-2026x', role: 'admin' },
      '2026-12-31T09:00:00Z',
    );
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(fixture.servers.staffUrl);
    await page.getByLabel('Identifiant').fill('regisseur');
    await page.getByLabel('Mot de passe').fill('Regie-2026x');
    await page.getByRole('button', { name: 'Se connecter' }).click();

    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Paramètres' }).click();
    const siret = page.getByLabel('SIRET de la commune (IdColl, 14 chiffres)');
    await siret.waitFor();
    expect(await siret.inputValue()).toBe('21180233600017');
    await page.getByRole('button', { name: 'Enregistrer les identifiants PES' }).click();
    await page.getByText('Identifiants PES enregistrés.').waitFor();

    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Impayés' }).click();
    await page.getByRole('combobox', { name: 'Âge' }).click();
    await page.getByRole('option', { name: 'Hors délai de paiement en ligne' }).click();
    await page.getByRole('combobox', { name: 'Régie' }).click();
    await page.getByRole('option', { name: 'Régie Périscolaire' }).click();
    const first = page.getByRole('checkbox', { name: /^Choisir la facture GP-/ }).first();
    await first.waitFor();
    const number = (await first.getAttribute('aria-label'))!.replace('Choisir la facture ', '');
    await first.check();
    await page.getByRole('button', { name: 'Titrer (1) pour la trésorerie' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bordereau de titres pour la trésorerie (PES V2)' });
    await dialog.getByText(/Exercice 2026 — 1 titre\(s\)/).waitFor();
    expect(await dialog.getByRole('list', { name: 'Titres du bordereau' }).innerText()).toContain(number);
    await dialog.getByRole('button', { name: 'Émettre le bordereau et télécharger le fichier' }).click();
    await page.getByText(/Bordereau de titres n° 1 \(2026\) émis : 1 titre\(s\)/).waitFor();
    // Settled by its titre, it leaves « Impayés ».
    await page.getByRole('checkbox', { name: `Choisir la facture ${number}` }).waitFor({ state: 'detached' });
    await page.close();
  });
});
