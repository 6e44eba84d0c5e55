import { applicationEnv } from './react-production';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { clockFromEnv } from '../shared/core/clock';
import { createMailer } from '../shared/core/mail/mailer';
import { closePdfWorkers } from '../shared/core/pdf/pdf-workers';
import { forgetReferenceDataHere } from '../shared/core/reference/reference-data';
import { databaseConfigFromEnv, openDatabases } from '../shared/db/connection';
import { logger } from '../shared/logging/logger';
import { dataKeysFromEnv } from '../shared/security/data-key-env';
import { installDataKeys } from '../shared/security/sealed-secrets';
import type { PortalMessage } from './portal-cluster';
import { createPortalApp } from './portal-app';
import { closeGracefully } from './graceful-close';
import { portalSettingsFromEnv } from './portal-settings';

// One of the portal's processes (portal-cluster.ts): the database already migrated by the primary,
// the same key, the same settings; it serves the portal's port and nothing else.
const env = applicationEnv();
const production = env.NODE_ENV === 'production';
const config = databaseConfigFromEnv(env);
const keys = dataKeysFromEnv(env, config.dataDir, { production, sharedDatabase: Boolean(config.databaseUrl) });
installDataKeys(keys.current, keys.previous);
const databases = openDatabases(config);
const clock = clockFromEnv(env);
const settings = portalSettingsFromEnv(env, production);
const app = createPortalApp({
  db: databases.db,
  reader: databases.reader,
  clock,
  mailer: createMailer({ outboxDir: path.join(config.dataDir, 'outbox'), clock }),
  ...settings,
});
const server = http.createServer(app.callback());
server.listen(Number(env.PORTAL_WORKER_PORT ?? 0), env.PORTAL_WORKER_HOST || '0.0.0.0', () => {
  process.send?.({ type: 'portal-ready', port: (server.address() as AddressInfo).port } satisfies PortalMessage);
});

let stopping: Promise<void> | null = null;
function stop(): Promise<void> {
  stopping ??= finish();
  return stopping;
}

async function finish(): Promise<void> {
  await closeGracefully([server]);
  await closePdfWorkers();
  await databases.destroy();
  process.exit(0);
}

process.on('message', (message: PortalMessage) => {
  if (message.type === 'reference-changed') forgetReferenceDataHere();
  if (message.type === 'stop') stop().catch((error) => logger.error({ err: error }, 'arrêt du processus du portail'));
});
// The primary gone (killed): this process goes too, rather than serving on alone.
process.on('disconnect', () => {
  stop().catch(() => process.exit(1));
});
