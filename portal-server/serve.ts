import { APPLICATION_NODE_ENV, applicationEnv } from './react-production';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApplication, startupBanner } from './application';
import { portalProcessCount } from './portal-cluster';
import { NewerDatabaseError } from '../shared/db/migrate';
import { DataKeyError } from '../shared/security/sealed-secrets';
import { collectGarbageSooner } from '../shared/runtime/heap-growth';

// `npm run serve`: the portal and the staff door without Electron; the back-office is served
// to a browser on the staff port from the electron-vite build (out/renderer).
// The application's folder, from the sources (portal-server/) or from the build (out/main/),
// whatever the folder the server was started from.
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.basename(here) === 'main' ? path.resolve(here, '../..') : path.resolve(here, '..');
process.env.PORTAL_STATIC_DIR ??= path.join(root, 'portal-server', 'static');
const env = applicationEnv();
collectGarbageSooner(env);
const app = await startApplication({
  rendererDir: path.join(root, 'out', 'renderer'),
  env,
  portalProcesses: portalProcessCount(env, APPLICATION_NODE_ENV === 'production'),
}).catch((error: unknown) => {
  // A database from a newer version, a missing or wrong data key: the reason, not a stack.
  if (error instanceof NewerDatabaseError || error instanceof DataKeyError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});
if (app.demoSeeded) console.log('Base de démonstration créée (commune de Saint-Martin-d’Auxigny).');
console.log(startupBanner(app, APPLICATION_NODE_ENV === 'production'));

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
