import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { fixedClock, type Clock } from '../../shared/core/clock';
import { createMailer } from '../../shared/core/mail/mailer';
import { createStaffDispatcher, type StaffDispatcher } from '../../shared/core/staff-dispatcher';
import { bootstrapDatabase } from '../../shared/db/bootstrap';
import { seedDemoCommune } from '../../shared/demo/demo-seed';
import { createPortalApp } from '../../portal-server/portal-app';
import { createStaffApp, staffDoorHosts } from '../../portal-server/staff-app';
import { createTestDatabase, type TestDatabase } from './test-db';
import { TEST_NOW } from './test-now';
import type { BackupTarget } from '../../shared/core/context';

export { TEST_NOW } from './test-now';
/** The address e-mailed links carry in tests: tests keep only the path. */
export const TEST_PORTAL_BASE_URL = 'https://portail.example.test';

export interface TestCore {
  database: TestDatabase;
  db: Knex;
  clock: Clock;
  dispatch: StaffDispatcher;
  /** Where this core's backups go (a temporary folder, three kept). */
  backups: BackupTarget;
  outboxDir: string;
  destroy(): Promise<void>;
}

/** A migrated database with the demo commune, and the staff dispatcher over it. */
export async function createTestCore(options: { seedDemo?: boolean; clock?: Clock } = {}): Promise<TestCore> {
  const clock = options.clock ?? fixedClock(TEST_NOW);
  // The demo at TEST_NOW is built once per run (global-setup.ts) and copied; at another instant, seeded here.
  const fromTemplate = options.seedDemo !== false && clock.now().toISOString() === TEST_NOW;
  const database = await createTestDatabase(fromTemplate ? inject('demoTemplate') : undefined);
  await bootstrapDatabase(database.db, {
    production: false,
    now: clock.now(),
    seedDemo: options.seedDemo === false ? undefined : seedDemoCommune,
  });
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-outbox-'));
  const mailer = createMailer({ outboxDir, clock });
  const backups: BackupTarget = {
    config: database.config,
    settings: { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'pf-backups-')), keep: 3 },
  };
  return {
    database,
    db: database.db,
    clock,
    dispatch: createStaffDispatcher({ db: database.db, clock, mailer, portalBaseUrl: TEST_PORTAL_BASE_URL, backups }),
    backups,
    outboxDir,
    async destroy() {
      await database.destroy();
      fs.rmSync(outboxDir, { recursive: true, force: true });
      fs.rmSync(backups.settings.dir, { recursive: true, force: true });
    },
  };
}

/** A server on a free loopback port; the app is built once its address is known. */
function listen(build: (url: string) => { callback(): http.RequestListener }): Promise<{ server: http.Server; url: string }> {
  return new Promise((resolve) => {
    const server = http.createServer();
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      server.on('request', build(url).callback());
      resolve({ server, url });
    });
  });
}

export interface TestServers extends TestCore {
  portalUrl: string;
  staffUrl: string;
}

/** The portal and the staff door on free loopback ports, over a demo database. */
export async function startTestServers(options: { rendererDir?: string; clock?: Clock; trustProxy?: number } = {}): Promise<TestServers> {
  const core = await createTestCore({ clock: options.clock });
  const mailer = createMailer({ outboxDir: core.outboxDir, clock: core.clock });
  // The portal knows its real address: PayFiP's simulator calls it back and sends browsers to it.
  const portal = await listen((url) =>
    createPortalApp({
      db: core.db,
      reader: core.database.reader,
      clock: core.clock,
      mailer,
      portalBaseUrl: url,
      trustProxy: options.trustProxy ?? 0,
      payfipSimulator: true,
    }),
  );
  const staff = await listen((url) =>
    createStaffApp({
      dispatch: core.dispatch,
      db: core.db,
      backups: core.backups.settings,
      clock: core.clock,
      rendererDir: options.rendererDir,
      allowedHosts: () => staffDoorHosts('127.0.0.1', Number(new URL(url).port)),
    }),
  );
  return {
    ...core,
    portalUrl: portal.url,
    staffUrl: staff.url,
    async destroy() {
      for (const s of [portal.server, staff.server]) {
        s.closeAllConnections();
        await new Promise((resolve) => s.close(resolve));
      }
      await core.destroy();
    },
  };
}
