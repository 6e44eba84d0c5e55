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
import { aloneOnDatabase, backupSettingsFromEnv, holdDatabaseLock, takeBackup } from '../shared/db/backup';
import { takeNightlyBackup } from '../shared/core/backups/nightly';
import { startScheduler } from '../shared/core/jobs/scheduler';
import { databaseConfigFromEnv, openDatabases } from '../shared/db/connection';
import { closePdfWorkers } from '../shared/core/pdf/pdf-workers';
import { DEMO_LOGINS, seedDemoCommune } from '../shared/demo/demo-seed';
import { createPortalApp } from './portal-app';
import { startPortalProcesses } from './portal-cluster';
import { closeGracefully } from './graceful-close';
import { portalSettingsFromEnv } from './portal-settings';
import { createStaffApp, staffDoorHosts } from './staff-app';
import { logger } from '../shared/logging/logger';
import { dataKeysFromEnv } from '../shared/security/data-key-env';
import { installDataKeys } from '../shared/security/sealed-secrets';
import { sealStoredSecrets } from '../shared/core/secrets/seal-stored';
import { anonymisationJob } from '../shared/core/anonymisation/anonymisation';
import { lapseWhatLapses } from '../shared/core/jobs/expiries';

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
  /** Portal processes (portal-cluster.ts); 1, the default, serves the portal from this process. */
  portalProcesses?: number;
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
  // Before anything reads or writes an account number (the demo seed does).
  const keys = dataKeysFromEnv(env, config.dataDir, { production, sharedDatabase: Boolean(config.databaseUrl) });
  installDataKeys(keys.current, keys.previous);
  if (keys.generatedInto) logger.warn(`Clé de chiffrement des données créée dans ${keys.generatedInto} : gardez-la, hors des sauvegardes.`);
  for (const warning of keys.warnings) logger.warn(warning);
  // Held from before the migrations: `npm run restore` cannot replace the file under them.
  const releaseLock = holdDatabaseLock(config);
  const { demoSeeded } = await bootstrapDatabase(db, {
    production,
    now: clock.now(),
    seedDemo: seedDemoCommune,
    beforeMigrating: () => takeBackup(config, backups.settings, clock.now(), 'avant-migration'),
    alone: aloneOnDatabase(config),
  });
  // A database from before sealing, or a key being replaced: every stored secret sealed with the current key.
  const resealed = await sealStoredSecrets(db);
  if (resealed > 0) {
    logger.warn(
      { resealed },
      'Données chiffrées avec la clé actuelle. Les sauvegardes plus anciennes les gardent en clair (ou avec l’ancienne clé) : supprimez-les une fois la prochaine sauvegarde faite.',
    );
  }
  const mailer = createMailer({ outboxDir: path.join(config.dataDir, 'outbox'), clock });
  const portalSettings = portalSettingsFromEnv(env, production, options.port);
  const { portalBaseUrl } = portalSettings;
  const dispatch = createStaffDispatcher({ db, clock, mailer, portalBaseUrl, backups });
  // Known once the port is bound (0 picks one); STAFF_ALLOWED_HOSTS adds names, e.g. a workstation's on a LAN.
  const staffHosts: string[] = [];
  const staffApp = createStaffApp({
    dispatch,
    db,
    backups: backups.settings,
    rendererDir: options.rendererDir,
    allowedHosts: () => staffHosts,
  });
  // Served here, or by portal processes of its own (then this one keeps the staff door and the jobs).
  const portalServer =
    (options.portalProcesses ?? 1) > 1
      ? null
      : http.createServer(createPortalApp({ db, reader, clock, mailer, ...portalSettings }).callback());
  const staffServer = http.createServer(staffApp.callback());
  const portalHost = env.PORTAL_HOST || '0.0.0.0';
  const staffHost = env.STAFF_HOST || '127.0.0.1';
  const wantedPortalPort = options.port ?? Number(env.PORT || 3000);
  const portalProcesses = portalServer ? null : await startPortalProcesses(options.portalProcesses!, env, wantedPortalPort, portalHost);
  const portalPort = portalServer ? await listen(portalServer, wantedPortalPort, portalHost) : portalProcesses!.port;
  const staffPort = await listen(staffServer, options.staffPort ?? Number(env.STAFF_PORT || 3001), staffHost);
  const extraStaffHosts = (env.STAFF_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  staffHosts.push(...staffDoorHosts(staffHost, staffPort, extraStaffHosts));
  const shownHost = (host: string) => (host === '0.0.0.0' ? 'localhost' : host);
  // The periodic work, in one place, each job once per period across every process (a lease in
  // job_runs). Leases outlast a slow run (PayFiP answering at its 15 s timeout for each pending
  // payment): a lease that expired while its job still ran would let a second process run it too.
  const scheduler = startScheduler(
    db,
    clock,
    [
      // Online payments whose result is not known yet (a closed tab, a lost notification) are asked again.
      {
        name: 'payfip-verification',
        everyMs: 5 * 60_000,
        leaseMs: 15 * 60_000,
        run: () => checkPendingPayfipTransactions(db, clock, portalBaseUrl),
      },
      // E-mails that failed wait for their next attempt (backoff): the outbox is looked at every minute.
      { name: 'courriels', everyMs: 60_000, leaseMs: 10 * 60_000, run: () => mailer.deliverPending(db) },
      // Booking-deadline reminders the families asked for, each sent once (a unique key per family, service and period).
      {
        name: 'rappels-reservation',
        everyMs: 60 * 60_000,
        leaseMs: 30 * 60_000,
        run: async () => ((await queueDeadlineReminders(db, clock, portalBaseUrl)) ? mailer.deliverPending(db) : undefined),
      },
      // The nightly backup: looked for every quarter of an hour, taken once the night has begun.
      { name: 'sauvegarde-nuit', everyMs: 15 * 60_000, leaseMs: 60 * 60_000, run: () => takeNightlyBackup(backups, clock) },
      // Mandates that lapse, sessions and links past their time, old login traces.
      { name: 'echeances', everyMs: 6 * 60 * 60_000, leaseMs: 30 * 60_000, run: () => lapseWhatLapses(db, clock) },
      // Families gone for the commune's number of years (RGPD): anonymised, a bounded number per run.
      { name: 'anonymisation', everyMs: 6 * 60 * 60_000, leaseMs: 60 * 60_000, run: () => anonymisationJob(db, clock) },
    ],
    30_000,
  );
  return {
    db,
    dispatch,
    demoSeeded,
    portalUrl: `http://${shownHost(portalHost)}:${portalPort}`,
    staffUrl: `http://${shownHost(staffHost)}:${staffPort}`,
    /**
     * A graceful stop: no new connection; the requests in flight finish (ten seconds at most, then
     * their connections are closed), the job and the e-mails being sent too; then the database.
     */
    async close() {
      const servers = portalServer ? [portalServer, staffServer] : [staffServer];
      const portalStopped = portalProcesses?.stop();
      await Promise.all([closeGracefully(servers), portalStopped]);
      // The job and the e-mails in flight, ten seconds more at most (an SMTP server that never
      // answers must not outlast the system's own stop timeout): a claimed message left is sent
      // by the next start once its claim expires.
      await Promise.race([Promise.all([scheduler.stop(), mailer.idle()]), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      await closePdfWorkers();
      await databases.destroy();
      releaseLock();
    },
  };
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
