import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalProcessArgs, portalProcessCount } from '../../portal-server/portal-cluster';
import { CookieClient, portalParent } from '../support/http-client';
import { type ServeProcess, spawnServe } from '../support/serve-process';
import { heapGrowthPercent } from '../../shared/runtime/heap-growth';

// `npm run serve` with PORTAL_PROCESSES=2: the portal on two processes sharing its port, the
// staff door and the jobs in the first. Any process answers any parent; an agent's change of
// reference data reaches them all at once; one that dies is replaced.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-processes-'));
let server: ServeProcess;
let urls: { portalUrl: string; staffUrl: string };
beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    STAFF_PORT: '0',
    PORTAL_PROCESSES: '2',
    PORTAIL_DATE: '2026-11-30T09:00:00Z',
  };
  delete env.DATABASE_URL;
  server = spawnServe(env);
  urls = await server.ready;
}, 90_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The primary's children that serve the portal, as `ps` shows them: « pid args… ». */
const portalProcessLines = () =>
  execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(server.child.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('portal-worker-main'));
const portalPids = () => portalProcessLines().map((line) => Number(line.trim().split(/\s+/)[0]));

describe('the portal on two processes', () => {
  it('runs two portal processes beside the primary, and a parent logged in on one is logged in on the other', async () => {
    expect(portalPids()).toHaveLength(2);
    // Each with its heap bounded (PORTAL_HEAP_MB, 160 by default): it collects its garbage sooner.
    expect(portalProcessLines().every((line) => line.includes('--max-old-space-size=160'))).toBe(true);
    const parent = await portalParent(urls.portalUrl, 'jean.dupont', 'Bonbons2015');
    // The processes take turns: ten pages in a row reach both, each knowing the session.
    for (let i = 0; i < 10; i += 1) {
      const page = await parent.get('/accueil');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('DUPONT');
    }
  });

  it('shows an agent’s new home message on every process at once, not after the cache’s five seconds', async () => {
    const admin = new CookieClient(urls.staffUrl);
    await admin.postStaffApi('auth.login', { username: 'directrice', password: 'Direction2015' });
    const parent = await portalParent(urls.portalUrl, 'jean.dupont', 'Bonbons2015');
    await parent.get('/accueil'); // both processes have the old message in their cache
    await parent.get('/accueil');
    const saved = await (await admin.postStaffApi('settings.updateHomeMessage', { homeMessage: 'Cantine fermée vendredi.' })).json();
    expect(saved.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the message to each process
    for (let i = 0; i < 4; i += 1) expect(await (await parent.get('/accueil')).text()).toContain('Cantine fermée vendredi.');
  });

  it('replaces a portal process that died, and keeps answering meanwhile', async () => {
    const [victim] = portalPids();
    process.kill(victim!, 'SIGKILL');
    // The connections it held are reset (a browser asks again); new ones go to the one left.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const parent = await portalParent(urls.portalUrl, 'marie.martin', 'Cantine2015');
    expect((await parent.get('/accueil')).status).toBe(200);
    await expect.poll(() => portalPids().filter((pid) => pid !== victim).length, { timeout: 20_000, interval: 250 }).toBe(2);
  });
});

describe('PORTAL_PROCESSES', () => {
  it('is one per core for a production server, one for the demo, a number from 1 to 64 or « auto » when set', () => {
    const cores = os.availableParallelism();
    expect(portalProcessCount({}, true)).toBe(Math.min(cores, 64));
    expect(portalProcessCount({}, false)).toBe(1);
    expect(portalProcessCount({ PORTAL_PROCESSES: 'auto' }, false)).toBe(Math.min(cores, 64));
    expect(portalProcessCount({ PORTAL_PROCESSES: '3' }, true)).toBe(3);
    expect(portalProcessCount({ PORTAL_PROCESSES: '0' }, true)).toBe(1);
    expect(portalProcessCount({ PORTAL_PROCESSES: 'beaucoup' }, false)).toBe(1);
  });
});

describe('PORTAL_HEAP_MB', () => {
  it('bounds each portal process’s heap: 160 MB unless set, from 64 to 4 096, a wrong value ignored', () => {
    expect(portalProcessArgs({})).toEqual(['--max-old-space-size=160']);
    expect(portalProcessArgs({ PORTAL_HEAP_MB: '512' })).toEqual(['--max-old-space-size=512']);
    expect(portalProcessArgs({ PORTAL_HEAP_MB: '32' })).toEqual(['--max-old-space-size=160']);
    expect(portalProcessArgs({ PORTAL_HEAP_MB: '256 Mo' })).toEqual(['--max-old-space-size=160']);
    // The operator's own limit, in NODE_OPTIONS, wins.
    expect(portalProcessArgs({ NODE_OPTIONS: '--max-old-space-size=1024', PORTAL_HEAP_MB: '512' })).toEqual([]);
  });
});

describe('HEAP_GROWTH_PERCENT', () => {
  it('lets the old generation grow by half its live size unless set: 10 to 300, 0 for V8’s own rule, a wrong value ignored', () => {
    expect(heapGrowthPercent({})).toBe(50);
    expect(heapGrowthPercent({ HEAP_GROWTH_PERCENT: '100' })).toBe(100);
    expect(heapGrowthPercent({ HEAP_GROWTH_PERCENT: '0' })).toBeNull();
    expect(heapGrowthPercent({ HEAP_GROWTH_PERCENT: '5' })).toBe(50);
    expect(heapGrowthPercent({ HEAP_GROWTH_PERCENT: 'moitié' })).toBe(50);
  });
});
