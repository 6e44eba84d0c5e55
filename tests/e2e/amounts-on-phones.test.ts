import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, logInParent, useServersAndBrowser } from '../support/e2e-fixture';

const fixture = useServersAndBrowser({ rendererDir: path.resolve('out/renderer') });

/** Every amount written on the page (« 40.20 », « 1 234.50 € »), with where it is drawn. */
function amountsOffScreen(page: Page) {
  return page.evaluate(() => {
    const found: Array<{ text: string; left: number; right: number }> = [];
    const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!/\d+\.\d\d/.test(text)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0) continue; // visually hidden
      if (rect.left < 0 || rect.right > window.innerWidth) found.push({ text: text.trim(), left: rect.left, right: rect.right });
    }
    return {
      found,
      scrollWidth: document.documentElement.scrollWidth,
      counted: document.querySelector('main')!.innerText.match(/\d+\.\d\d/g)?.length ?? 0,
    };
  });
}

describe('a parent on a small phone sees every amount', () => {
  for (const width of [320, 375]) {
    it(`at ${width} px: home, statement, an invoice and its payments, nothing off screen`, async () => {
      const page = await fixture.browser.newPage({ viewport: { width, height: 740 }, isMobile: true, hasTouch: true });
      await logInParent(page, fixture.servers.portalUrl, 'jean.dupont', 'Bonbons2015');
      for (const [address, where] of [
        ['/accueil', 'accueil'],
        ['/releve-de-compte', 'relevé de compte'],
        ['/factures/AL-23', 'facture'],
        ['/factures/GP-63', 'facture réglée par chèque'],
      ] as const) {
        await page.goto(`${fixture.servers.portalUrl}${address}`);
        const { found, scrollWidth, counted } = await amountsOffScreen(page);
        expect({ where, found }).toEqual({ where, found: [] });
        expect(scrollWidth).toBeLessThanOrEqual(width);
        expect(counted).toBeGreaterThan(0);
        await expectAccessible(page, `${where} (${width} px)`);
      }
      await page.close();
    });
  }
});

describe('a parent finds the attestations from the statement, on a phone', () => {
  it('reads the attestation fiscale of each year and asks for an attestation de présence by keyboard', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 320, height: 700 }, hasTouch: true, isMobile: true });
    await logInParent(page, fixture.servers.portalUrl, 'marie.martin', 'Cantine2015');
    await page.goto(`${fixture.servers.portalUrl}/releve-de-compte`);
    await page.getByRole('link', { name: 'Attestations fiscales et de présence' }).click();
    await page.getByRole('heading', { name: 'Attestation fiscale — frais de garde' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/attestations-320.png', fullPage: true });
    await expectAccessible(page, 'attestations (320 px)');
    // A period that ends before it starts: refused, the dates typed kept, said beside the field.
    await page.getByLabel('Du').fill('2026-11-30');
    await page.getByLabel('Au').fill('2026-09-01');
    await page.getByLabel('Au').press('Enter');
    await page.getByText('La fin de la période est avant son début.').waitFor();
    expect(await page.getByLabel('Du').inputValue()).toBe('2026-11-30');
    expect(await page.getByLabel('Au').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'attestation de présence refusée (320 px)');
    await page.getByLabel('Au').fill('2026-11-30');
    await page.getByLabel('Du').fill('2026-09-01');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/attestations/presence')),
      page.getByRole('button', { name: 'Télécharger l’attestation de présence (PDF)' }).press('Enter'),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    await page.close();
  });
});

describe('a parent reads the attestations on a desktop', () => {
  it('at 1 366 px: both papers on one page, nothing off screen, no accessibility violation', async () => {
    const page = await fixture.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInParent(page, fixture.servers.portalUrl, 'marie.martin', 'Cantine2015');
    await page.goto(`${fixture.servers.portalUrl}/attestations`);
    await page.getByRole('heading', { name: 'Attestation de présence' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await expectAccessible(page, 'attestations (1 366 px)');
    await page.close();
  });
});
