import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { today } from '../../shared/core/clock';
import { TEST_NOW } from '../support/test-now';
import { expectAccessible, logInParent, useServersAndBrowser, logInAgent } from '../support/e2e-fixture';
import { seal } from '../../shared/security/sealed-secrets';

const fixture = useServersAndBrowser({ rendererDir: path.resolve('out/renderer') });

const logIn = (page: Page, login: string, password: string) => logInParent(page, fixture.servers.portalUrl, login, password);

describe('a parent on prélèvement', () => {
  it('asks for it in « Coordonnées Bancaires », then reads on the invoice the day and account it is debited from', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 375, height: 800 } });
    await logIn(page, 'jean.dupont', 'Bonbons2015');
    await page.goto(`${fixture.servers.portalUrl}/mon-compte/demande/bancaires`);
    await page.getByLabel('Je souhaite payer mes factures par prélèvement automatique').check();
    await expectAccessible(page, 'coordonnées bancaires (téléphone)');
    await page.getByLabel('IBAN').fill('FR14 2004 1010 0505 0001 3M02 606');
    await page.getByLabel('BIC').fill('PSSTFRPPXXX');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/demande=envoyee/);
    // The agent records the mandate the family signed on that account.
    const dupont = (await fixture.servers.db('invoices').where({ number: 'AL-23' }).first('family_id')).family_id;
    await fixture.servers.db('sepa_mandates').insert({
      family_id: dupont,
      rum: 'PF-1001001818331-1',
      signed_on: '2026-11-02',
      holder: 'JEAN DUPONT',
      iban: seal('FR1420041010050500013M02606', 'sepa_mandates.iban'),
      bic: 'PSSTFRPPXXX',
      status: 'active',
      created_at: TEST_NOW,
    });
    try {
      await page.goto(`${fixture.servers.portalUrl}/factures/AL-23`);
      await page.getByText('Montant prélevé le 31/12/2026 sur le compte FR14 …2606 : vous n’avez rien à faire.').waitFor();
      expect(await page.getByRole('button', { name: /PayFiP/ }).count()).toBe(0);
      await expectAccessible(page, 'facture prélevée (téléphone)');
      await page.goto(`${fixture.servers.portalUrl}/mon-compte`);
      await page.getByText('Oui, mandat n° PF-1001001818331-1 signé le 02/11/2026').waitFor();
    } finally {
      await fixture.servers.db('sepa_mandates').where({ rum: 'PF-1001001818331-1' }).delete();
      await page.close();
    }
  });
});

describe('a parent reads the account statement and pays an invoice online', () => {
  for (const [width, height, where] of [
    [1280, 900, 'bureau'],
    [375, 740, 'téléphone'],
  ] as const) {
    it(`sees « Mes factures » and « Mes règlements » for the school year (${where})`, async () => {
      const page = await fixture.browser.newPage({ viewport: { width, height } });
      await logIn(page, 'jean.dupont', 'Bonbons2015');
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Relevé de compte' }).click();
      await page.getByRole('heading', { name: 'Mes factures' }).waitFor();
      expect(await page.getByRole('link', { name: 'Imprimer la facture AL-23 (PDF)' }).isVisible()).toBe(true);
      await expectAccessible(page, `relevé de compte (${where})`);
      await page.getByLabel('Année scolaire').selectOption('2025-2026');
      await page.getByRole('button', { name: 'Afficher' }).click();
      await page.getByText('Aucune facture pour cette année scolaire.').waitFor();
      await expectAccessible(page, `relevé d'une autre année (${where})`);
      await page.close();
    });
  }

  it('goes to PayFiP from the invoice, pays, and comes back to a paid invoice', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 375, height: 740 } });
    await logIn(page, 'jean.dupont', 'Bonbons2015');
    await page.goto(`${fixture.servers.portalUrl}/factures/AL-23`);
    await expectAccessible(page, 'facture AL-23');
    await page.getByRole('button', { name: 'Payer 40.20 € avec PayFiP' }).click();
    await page.getByRole('heading', { name: 'Paiement d’une facture' }).waitFor();
    expect(await page.getByText('AL000023').isVisible()).toBe(true);
    await expectAccessible(page, 'page PayFiP (simulateur)');
    await page.getByRole('button', { name: 'Payer', exact: true }).click();
    await page.getByRole('heading', { name: 'Paiement enregistré' }).waitFor();
    await expectAccessible(page, 'retour de PayFiP');
    await page.getByRole('link', { name: 'Voir la facture AL-23' }).click();
    await page.getByText('Cette facture est réglée.').waitFor();
    await page.close();
  });
});

describe('an agent runs the month’s invoices in the back-office', () => {
  it('previews, issues and finds the new invoices in the grid', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page
      .getByRole('button', { name: 'Facturation' })
      .or(page.getByRole('link', { name: 'Facturation' }))
      .first()
      .click();
    await page.getByRole('heading', { name: 'Facturation du mois' }).waitFor();
    // The month still running, by the server's clock: the months before it are billed in the demo.
    const month = today(fixture.servers.clock).slice(0, 7);
    await page.getByLabel('Mois à facturer').fill(month);
    await page.getByRole('button', { name: 'Aperçu' }).click();
    await page.getByRole('table', { name: 'Aperçu par régie' }).waitFor();
    await page.getByText(/\d+ facture\(s\), \d+\.\d{2} €/).waitFor();
    await page.getByRole('button', { name: 'Émettre les factures' }).click();
    await page.getByRole('dialog', { name: 'Émettre les factures ?' }).getByRole('button', { name: 'Émettre' }).click();
    await page.getByText(/facture\(s\) émise\(s\) pour/).waitFor();
    const issued = await fixture.servers.db('invoices').where({ period_month: month }).count<{ n: number }[]>({ n: '*' }).first();
    expect(Number(issued!.n)).toBeGreaterThan(0);
    await page.getByLabel('Mois facturé').fill(month);
    await page.locator('.MuiDataGrid-row').first().waitFor();
    await page.locator('.MuiDataGrid-row').first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler par un avoir' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Fermer' }).click();
  });

  it('records a cheque on the family page, which settles the oldest invoice', async () => {
    const page = fixture.browser
      .contexts()
      .flatMap((c) => c.pages())
      .find((p) => p.url().startsWith(fixture.servers.staffUrl))!;
    await page.goto(`${fixture.servers.staffUrl}/#/familles`);
    await page.getByLabel('Rechercher (nom, prénom, n° famille, ville)').fill('1001001010332');
    await page.getByText('1–1 sur 1').waitFor();
    await page.locator('.MuiDataGrid-row').first().click();
    await page.getByRole('button', { name: 'Enregistrer un règlement' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enregistrer un règlement' });
    await dialog.getByLabel('Montant (€)').fill('91,99');
    await dialog.getByLabel('Référence (n° de chèque, de reçu…)').fill('Chèque n° 5566');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Règlement de 91.99 € enregistré : GP-64 (91.99 €).').waitFor();
    // The family's payments are read again once the payment is recorded.
    await page.getByRole('table', { name: 'Règlements de la famille' }).getByText('Chèque n° 5566').waitFor();
    await page.close();
  });
});

describe('an agent reads « Règlements » and cancels a cheque that bounced', () => {
  it('filters the period by mode, reads the totals, and cancels with a reason typed and sent with Enter', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Règlements' }).click();
    await page.getByRole('heading', { name: 'Règlements', level: 1 }).waitFor();
    await page.getByLabel('Du', { exact: true }).fill('2026-09-01');
    await page.getByRole('combobox', { name: 'Mode' }).click();
    await page.getByRole('option', { name: 'Chèque' }).click();
    const row = page.getByRole('row').filter({ hasText: 'GP-63' }).filter({ hasText: '74.55 €' });
    await row.waitFor();
    const totals = page.getByRole('table', { name: 'Totaux par mode de règlement' });
    expect(await totals.getByRole('row').filter({ hasText: 'Chèque' }).innerText()).toMatch(/Chèque\s+\d+\s+[\d.]+ €/);
    await row.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel("Motif de l'annulation").fill('Chèque sans provision');
    await page.keyboard.press('Enter');
    await page.getByText('Règlement de 74.55 € (DUPONT JEAN) annulé : GP-63 de nouveau à payer.').waitFor();
    await page.getByRole('row').filter({ hasText: '-74.55 €' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: '(annulé : Chèque sans provision)' }).count()).toBe(1);

    // The cheques still to take to the bank: the régie's bordereau, numbered and printed.
    await page.getByRole('combobox', { name: 'Régie de la remise' }).click();
    await page.getByRole('option', { name: 'Régie Périscolaire' }).click();
    const deposit = page.getByRole('group', { name: 'Chèques à remettre' });
    await deposit.waitFor();
    expect(await deposit.getByText('4455199').count()).toBe(0); // the cancelled cheque is not taken to the bank
    await page.getByRole('button', { name: /Créer et imprimer le bordereau/ }).click();
    await page.getByText(/Bordereau BRC-[A-Z]+-000001 : \d+ chèque\(s\)/).waitFor();
    await page.close();
  });
});

describe('an agent reads « Impayés »', () => {
  it('sees the invoices due by age, ticks one and is told why it is not reminded yet', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Impayés' }).click();
    await page.getByRole('heading', { name: 'Impayés', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Âge' }).click();
    await page.getByRole('option', { name: 'Non échues' }).click();
    const box = page.getByRole('checkbox', { name: /^Choisir la facture / }).first();
    await box.waitFor();
    const number = (await box.getAttribute('aria-label'))!.replace('Choisir la facture ', '');
    await box.check();
    await page.getByRole('button', { name: /Relancer \(1\) par courriel/ }).click();
    await page.getByText(`0 relance(s) par courriel, 0 par courrier. Non relancées — ${number} : Pas encore échue.`).waitFor();
    await page.close();
  });
});

describe('an agent puts a family on prélèvement SEPA', () => {
  it('records the signed mandate on the family page, then prepares the month’s debit file', async () => {
    await fixture.servers.db('commune_settings').update({
      sepa_ics: 'FR12ZZZ123456',
      sepa_creditor_name: 'Régie de Saint-Martin',
      sepa_creditor_iban: seal('FR7630006000011234567890189', 'commune_settings.sepa_creditor_iban'),
      sepa_creditor_bic: 'BNPAFRPPXXX',
    });
    // MARTIN asked for the prélèvement in « Coordonnées Bancaires », and the agent accepted it.
    const martin = await fixture.servers.db('families').where({ family_number: '1001001010332' }).first('id');
    const bank = {
      account_holder: 'MARTIN MARIE',
      iban: seal('FR1420041010050500013M02606', 'family_bank.iban'),
      bic: 'PSSTFRPPXXX',
      direct_debit_wanted: true,
    };
    const updated = await fixture.servers.db('family_bank').where({ family_id: martin.id }).update(bank);
    if (!updated) await fixture.servers.db('family_bank').insert({ family_id: martin.id, bank_name: '', updated_at: TEST_NOW, ...bank });
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page.goto(`${fixture.servers.staffUrl}/#/familles`);
    await page.getByLabel('Rechercher (nom, prénom, n° famille, ville)').fill('1001001010332');
    await page.getByText('1–1 sur 1').waitFor();
    await page.locator('.MuiDataGrid-row').first().click();
    await page.getByText(/La famille demande le prélèvement automatique/).waitFor();
    // The form starts from the account the family gave: the agent checks it against the signed paper.
    await expect.poll(() => page.getByLabel('IBAN du mandat').inputValue()).toBe('FR1420041010050500013M02606');
    await page.getByLabel('BIC du mandat').press('Enter');
    await page.getByText(/Mandat PF-1001001010332-1 enregistré : les factures de la famille seront prélevées sur FR14 …2606\./).waitFor();

    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Règlements' }).click();
    await page.getByLabel('Date du prélèvement').fill('2026-12-31');
    await page.getByRole('button', { name: 'Préparer le lot de prélèvements' }).click();
    await page.getByText(/Lot PF-20261231-\d{4} préparé : \d+ prélèvement\(s\)/).waitFor();
    await page.close();
  });
});
