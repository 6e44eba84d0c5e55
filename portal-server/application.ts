import { queueDeadlineReminders } from '../shared/core/planning/deadline-reminders';
import http from 'node:http';
import { checkPendingPayfipTransactions } from '../shared/core/payfip/online-payment';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { clockFromEnv, type Clock } from '../shared/core/clock';
import { createMailer } from '../shared/core/mail/mailer';
import { createStaffDispatcher, type StaffDispatcher } from '../shared/core/staff-dispatcher';
import { bootstrapDatabase } from '../shared/db/bootstrap';
import { backupSettingsFromEnv, holdDatabaseLock, takeBackup } from '../shared/db/backup';
import { takeNightlyBackup } from '../shared/core/backups/nightly';
import { databaseConfigFromEnv, openDatabases } from '../shared/db/connection';
import { closePdfWorkers } from '../shared/core/pdf/pdf-workers';
import { DEMO_LOGINS, seedDemoCommune } from '../shared/demo/demo-seed';
import { createPortalApp } from './portal-app';
import { createStaffApp, staffDoorHosts } from './staff-app';
import { logger } from '../shared/logging/logger';

export interface Application {
  db: Knex;
  dispatch: StaffDispatcher;
  portalUrl: string;
  staffUrl: string;
  demoSeeded: boolean;
  close(): Promise<void>;
}

export interface ApplicationOptions {
  env?: NodeJS.ProcessEnv;
  /** Built back-office files, served on the staff port for browser mode. */
  rendererDir?: string;
  clock?: Clock;
  /** Ports; 0 picks a free one (tests). */
  port?: number;
  staffPort?: number;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Opens the database (migrating it, seeding the demo commune when new and not in production),
 * then starts the portal (public port) and the staff door (127.0.0.1 only, unless STAFF_HOST
 * says otherwise). Used by `npm run serve` and by the Electron main process alike.
 */
export async function startApplication(options: ApplicationOptions = {}): Promise<Application> {
  const env = options.env ?? process.env;
  const config = databaseConfigFromEnv(env);
  const databases = openDatabases(config);
  const { db, reader } = databases;
  const clock = options.clock ?? clockFromEnv(env);
  const production = env.NODE_ENV === 'production';
  const backups = { config, settings: backupSettingsFromEnv(config, env) };
  const { demoSeeded } = await bootstrapDatabase(db, {
    production,
    now: clock.now(),
    seedDemo: seedDemoCommune,
    beforeMigrating: () => takeBackup(config, backups.settings, clock.now(), 'avant-migration'),
  });
  const releaseLock = holdDatabaseLock(config);
  const mailer = createMailer({ outboxDir: path.join(config.dataDir, 'outbox'), clock });
  // Links in e-mails: the commune's setting wins; this is the fallback until it is set.
  const portalBaseUrl = env.PORTAL_PUBLIC_URL || `http://localhost:${options.port ?? (env.PORT || 3000)}`;
  const dispatch = createStaffDispatcher({ db, clock, mailer, portalBaseUrl, backups });

  // The PayFiP simulator plays PayFiP's part in the demo; a production portal never serves it.
  const payfipSimulator = !production && env.PAYFIP_SIMULATOR !== '0';
  const portalApp = createPortalApp({
    db,
    reader,
    clock,
    mailer,
    portalBaseUrl,
    trustProxy: trustedProxies(env.TRUST_PROXY),
    payfipSimulator,
  });
  // Known once the port is bound (0 picks one); STAFF_ALLOWED_HOSTS adds names, e.g. a workstation's on a LAN.
  const staffHosts: string[] = [];
  const staffApp = createStaffApp({ dispatch, db, rendererDir: options.rendererDir, allowedHosts: () => staffHosts });
  const portalServer = http.createServer(portalApp.callback());
  const staffServer = http.createServer(staffApp.callback());
  const portalHost = env.PORTAL_HOST || '0.0.0.0';
  const staffHost = env.STAFF_HOST || '127.0.0.1';
  const portalPort = await listen(portalServer, options.port ?? Number(env.PORT || 3000), portalHost);
  const staffPort = await listen(staffServer, options.staffPort ?? Number(env.STAFF_PORT || 3001), staffHost);
  const extraStaffHosts = (env.STAFF_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  staffHosts.push(...staffDoorHosts(staffHost, staffPort, extraStaffHosts));
  const shownHost = (host: string) => (host === '0.0.0.0' ? 'localhost' : host);
  // Online payments whose result is not known yet (a closed tab, a lost notification) are asked again.
  const payfipCheck = setInterval(() => {
    checkPendingPayfipTransactions(db, clock, portalBaseUrl).catch((error) =>
      logger.error({ err: error }, 'PayFiP : vérification en échec'),
    );
  }, 5 * 60_000);
  payfipCheck.unref();
  // E-mails that failed wait for their next attempt (backoff): the outbox is looked at every minute.
  const mailRetry = setInterval(() => {
    mailer.deliverPending(db).catch((error) => logger.error({ err: error }, 'courriels : nouvel essai en échec'));
  }, 60_000);
  mailRetry.unref();
  // Booking-deadline reminders the families asked for: looked at every hour, each sent once
  // (a unique key per family, service and period), whatever the number of processes.
  const reminders = setInterval(() => {
    queueDeadlineReminders(db, clock, portalBaseUrl)
      .then((queued) => (queued ? mailer.deliverPending(db) : undefined))
      .catch((error) => logger.error({ err: error }, 'rappels de réservation en échec'));
  }, 60 * 60_000);
  reminders.unref();
  // The nightly backup: looked for every quarter of an hour, taken once the night has begun (2 h in Paris).
  const nightly = setInterval(() => {
    takeNightlyBackup(backups, clock).catch((error) => logger.error({ err: error }, 'sauvegarde de la nuit en échec'));
  }, 15 * 60_000);
  nightly.unref();
  return {
    db,
    dispatch,
    demoSeeded,
    portalUrl: `http://${shownHost(portalHost)}:${portalPort}`,
    staffUrl: `http://${shownHost(staffHost)}:${staffPort}`,
    async close() {
      clearInterval(payfipCheck);
      clearInterval(mailRetry);
      clearInterval(reminders);
      clearInterval(nightly);
      await Promise.all(
        [portalServer, staffServer].map(
          (s) =>
            new Promise((resolve) => {
              s.closeAllConnections();
              s.close(resolve);
            }),
        ),
      );
      await closePdfWorkers();
      await databases.destroy();
      releaseLock();
    },
  };
}

/** TRUST_PROXY: the number of reverse proxies in front of the portal (« 1 » for one nginx); anything else means none. */
export function trustedProxies(setting: string | undefined): number {
  if (!setting || !/^[0-9]$/.test(setting)) {
    if (setting) logger.warn(`TRUST_PROXY=${setting} ignoré : indiquez le nombre de proxys (0 à 9).`);
    return 0;
  }
  return Number(setting);
}

export function startupBanner(app: Application, production: boolean): string {
  const lines = [`Portail des familles : ${app.portalUrl}`, `Back-office (navigateur) : ${app.staffUrl}`];
  if (!production) {
    lines.push(
      `Démo — parent : ${DEMO_LOGINS.parent.login} / ${DEMO_LOGINS.parent.password} ; agent : ${DEMO_LOGINS.staff.login} / ${DEMO_LOGINS.staff.password} ; administratrice : ${DEMO_LOGINS.admin.login} / ${DEMO_LOGINS.admin.password}`,
    );
  }
  return lines.join('\n');
}
