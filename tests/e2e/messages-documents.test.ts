import path from 'node:path';
import { today } from '../../shared/core/clock';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, logInParent, useServersAndBrowser, logInAgent } from '../support/e2e-fixture';

const fixture = useServersAndBrowser({ rendererDir: path.resolve('out/renderer') });

const logIn = (page: Page, login: string, password: string) => logInParent(page, fixture.servers.portalUrl, login, password);

describe('a parent uses the Boîte de réception with the keyboard', () => {
  for (const [width, height, where] of [
    [1280, 900, 'bureau'],
    [375, 740, 'téléphone'],
  ] as const) {
    it(`writes to the Garderie, reads the thread and deletes the conversation (${where})`, async () => {
      const page = await fixture.browser.newPage({ viewport: { width, height } });
      await logIn(page, 'marie.martin', 'Cantine2015');
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Boîte de réception' }).click();
      await page.getByRole('heading', { name: 'Messages reçus' }).waitFor();
      await expectAccessible(page, `boîte de réception (${where})`);
      await page.getByRole('link', { name: 'Écrire un message' }).click();
      await expectAccessible(page, `écrire un message (${where})`);
      await page.getByRole('button', { name: 'Envoyer' }).click(); // nothing filled in
      await page.getByRole('alert').waitFor();
      await expectAccessible(page, `message refusé (${where})`);
      await page.getByLabel('Destinataire').selectOption({ label: 'Garderie périscolaire' });
      await page.getByLabel('Objet').fill(`Goûter (${where})`);
      await page.getByLabel('Message', { exact: true }).fill('Bonjour, ZOÉ peut-elle apporter son goûter ?');
      await page.getByRole('button', { name: 'Envoyer' }).press('Enter');
      await page.getByRole('status').getByText('Votre message est envoyé').waitFor();
      await page.getByRole('link', { name: `Goûter (${where})` }).click();
      await page.getByRole('heading', { level: 1, name: `Goûter (${where})` }).waitFor();
      await expectAccessible(page, `fil de messages (${where})`);
      await page.getByRole('button', { name: 'Supprimer cette conversation' }).click();
      await page.getByRole('status').getByText(`La conversation « Goûter (${where}) » est dans « Messages supprimés »`).waitFor();
      await page
        .getByRole('table', { name: 'Messages supprimés' })
        .getByRole('link', { name: `Goûter (${where})` })
        .waitFor();
      await expectAccessible(page, `conversation supprimée (${where})`);
      await page.close();
    });
  }

  it('finds the documents and the pre-filled dossier d’inscription', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 375, height: 740 } });
    await logIn(page, 'jean.dupont', 'Bonbons2015');
    await page.goto(`${fixture.servers.portalUrl}/infos-documents`);
    expect(await page.getByRole('link', { name: /Règlement des services périscolaires 2026-2027/ }).isVisible()).toBe(true);
    await expectAccessible(page, 'infos et documents');
    await page.goto(`${fixture.servers.portalUrl}/fiche-inscription`);
    expect(await page.getByRole('link', { name: /Fiche d'inscription de LÉA DUPONT/ }).isVisible()).toBe(true);
    await expectAccessible(page, "fiche d'inscription");
    await page.close();
  });
});

describe('an agent answers from the back-office', () => {
  it('opens the unread conversation and replies; the family sees the answer', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page.goto(`${fixture.servers.staffUrl}/#/messages`);
    await page.getByRole('heading', { name: 'Messages' }).waitFor();
    await page.locator('.MuiDataGrid-row').filter({ hasText: 'Goûter (bureau)' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Bonjour, ZOÉ peut-elle apporter son goûter ?').waitFor();
    await dialog.getByLabel('Réponse').fill('Oui, sans problème.');
    await dialog.getByRole('button', { name: 'Répondre' }).click();
    await dialog.getByText('Oui, sans problème.').waitFor();
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    await page.close();
    const reply = await fixture.servers.db('messages').where({ body: 'Oui, sans problème.', direction: 'to_family' }).first('subject');
    expect(reply.subject).toBe('RE: Goûter (bureau)');
  });

  it('checks who a bulk message reaches before it leaves, then sends it once', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await logInAgent(page, fixture.servers.staffUrl);
    await page.goto(`${fixture.servers.staffUrl}/#/messages`);
    await page.getByRole('button', { name: 'Message groupé' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Destinataires' }).click();
    await page.getByRole('option', { name: /ALSH Mercredi journée/ }).click();
    await dialog.getByLabel('Objet').fill('Sortie au parc');
    await dialog.getByLabel('Message', { exact: true }).fill('Prévoir une casquette.');
    // The families enrolled during a period rather than today: both ends, or none.
    const day = today(fixture.servers.clock);
    await dialog.getByLabel('Inscrits entre le').fill(day);
    await dialog.getByRole('button', { name: 'Vérifier les destinataires' }).click();
    await dialog.getByText('Indiquez le début et la fin de la période, ou aucun des deux.').waitFor();
    await dialog.getByLabel('et le', { exact: true }).fill(day);
    await dialog.getByRole('button', { name: 'Vérifier les destinataires' }).click();
    const recipients = dialog.getByRole('region', { name: 'Destinataires du message' });
    await recipients.getByText(/Ce message partira à \d+ famille\(s\)/).waitFor();
    expect(
      await fixture.servers.db('messages').where({ subject: 'Sortie au parc' }).count<{ n: number }[]>({ n: '*' }).first(),
    ).toMatchObject({ n: 0 });
    const count = Number(/(\d+)/.exec(await recipients.getByText(/Ce message partira à/).innerText())![1]);
    await dialog.getByRole('button', { name: `Envoyer à ${count} famille(s)` }).click();
    await page.getByText(`Message envoyé à ${count} famille(s)`).waitFor();
    const sent = await fixture.servers
      .db('messages')
      .where({ subject: 'Sortie au parc' })
      .count<{ n: number | string }[]>({ n: '*' })
      .first();
    expect(Number(sent!.n)).toBe(count);
    await page.close();
  });
});
