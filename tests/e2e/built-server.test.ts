import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, spawnServe } from '../support/serve-process';

// `npm run serve` runs the build (out/main/serve.js) with Node alone: no TypeScript compiler in
// memory (issue 19: 50 MB a process). React's production build must be the one loaded, by the
// primary and by each portal process: its development build re-validates every element.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-built-server-'));
let server: ServeProcess;
let portalUrl: string;
beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', STAFF_PORT: '0', PORTAL_PROCESSES: '2' };
  delete env.DATABASE_URL;
  delete env.NODE_ENV; // as `npm run serve` starts: the demo
  server = spawnServe(env, ['--require', path.resolve('tests/support/react-build-probe.cjs'), 'out/main/serve.js']);
  ({ portalUrl } = await server.ready);
}, 90_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the built server', () => {
  it('serves the portal’s pages and files from two processes of the build, on React’s production build', async () => {
    const login = await fetch(`${portalUrl}/connexion`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('/static/portal.css');
    expect((await fetch(`${portalUrl}/static/portal.css`)).status).toBe(200);
    const portalProcesses = execFileSync('ps', ['-o', 'args=', '--ppid', String(server.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('out/main/portal-worker-main.js'));
    expect(portalProcesses).toHaveLength(2);
    // The primary renders the pages of a single process, each portal process its own: all on production.
    const builds = server.output().match(/react-build: \w+/g) ?? [];
    expect(builds.filter((b) => b.endsWith('production')).length).toBeGreaterThanOrEqual(3);
    expect(builds.filter((b) => b.endsWith('development'))).toEqual([]);
  });
});
