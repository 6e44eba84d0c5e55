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
