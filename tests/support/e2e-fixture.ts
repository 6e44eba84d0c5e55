import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium } from './chromium';
import { startTestServers, type TestServers } from './test-app';

/** Demo servers and one Chromium for a test file, started before its tests and stopped after. */
export function useServersAndBrowser(options: Parameters<typeof startTestServers>[0] = {}) {
  const fixture = {} as { servers: TestServers; browser: Browser };
  beforeAll(async () => {
    fixture.servers = await startTestServers(options);
    fixture.browser = await launchChromium();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.servers?.destroy();
  });
  return fixture;
}

/** Fails with the page's name and axe's findings when the page breaks a WCAG 2.1 A/AA rule. */
export async function expectAccessible(page: Page, where: string) {
  expect({ where, violations: await axeViolations(page) }).toEqual({ where, violations: [] });
}
