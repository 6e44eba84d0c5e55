import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { onReferenceDataForgotten } from '../shared/core/reference/reference-data';
import { logger } from '../shared/logging/logger';
import { entryFile } from '../shared/runtime/entry-file';

// The portal on every core: `npm run serve` forks portal processes that share its port (node's
// cluster: the primary accepts, the workers take turns). Sessions, bookings and the outbox are in
// the database, so any process answers any parent; the primary keeps the staff door, the
// migrations and the periodic jobs, and tells the portal processes when reference data changed.

/** Messages between the primary and its portal processes. */
export type PortalMessage = { type: 'portal-ready'; port: number } | { type: 'reference-changed' } | { type: 'stop' };

const MAX_PROCESSES = 64;
/** A portal process's old generation, in megabytes: PORTAL_HEAP_MB, within these bounds. */
const HEAP_MB = { default: 160, min: 64, max: 4096 };

/**
 * PORTAL_PROCESSES: a number (1–64) or « auto », one per core. Default: one per core for a
 * production server, one for the demo (a laptop's cores stay its own).
 */
export function portalProcessCount(env: NodeJS.ProcessEnv, production: boolean): number {
  const setting = (env.PORTAL_PROCESSES ?? '').trim();
  if (setting === 'auto' || (setting === '' && production)) return Math.min(availableParallelism(), MAX_PROCESSES);
  if (setting === '') return 1;
  const count = Number(setting);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PROCESSES) {
    logger.warn(`PORTAL_PROCESSES=${setting} ignoré : un nombre de 1 à ${MAX_PROCESSES}, ou « auto ».`);
    return 1;
  }
  return count;
}

/**
 * The V8 options of a portal process. Issue 19: a process serving pages keeps about 40 MB alive,
 * yet on a 24 GB machine V8 let its heap fill with 150 MB of garbage before collecting; with the
 * old generation bounded it collects sooner, for the same pages per second. Only the portal's
 * processes: the primary prints a month of invoices and builds exports, which need room. The
 * bound covers a portal process's PDF threads too (one family's documents). A limit the
 * operator set in NODE_OPTIONS is theirs: left as it is.
 */
export function portalProcessArgs(env: NodeJS.ProcessEnv): string[] {
  if (/--max-old-space-size/.test(env.NODE_OPTIONS ?? '')) return [];
  const setting = (env.PORTAL_HEAP_MB ?? '').trim();
  const heapMb = setting === '' ? HEAP_MB.default : Number(setting);
  if (!Number.isInteger(heapMb) || heapMb < HEAP_MB.min || heapMb > HEAP_MB.max) {
    logger.warn(`PORTAL_HEAP_MB=${setting} ignoré : un nombre de ${HEAP_MB.min} à ${HEAP_MB.max} (mégaoctets).`);
    return [`--max-old-space-size=${HEAP_MB.default}`];
  }
  return [`--max-old-space-size=${heapMb}`];
}

export interface PortalProcesses {
  port: number;
  /** Stops them gracefully: each finishes its requests (ten seconds at most), then exits. */
  stop(): Promise<void>;
}

/**
 * Forks `count` portal processes listening on `port` (0: one free port they share), and waits
 * until each listens. One that dies is started again (a second later: a crash loop does not spin).
 */
export async function startPortalProcesses(count: number, env: NodeJS.ProcessEnv, port: number, host: string): Promise<PortalProcesses> {
  // The portal process's entry: beside the bundle in the built application (`npm run serve`), else the sources.
  const exec = fileURLToPath(entryFile(import.meta.url, './portal-worker-main.js', './portal-worker-main.ts'));
  cluster.setupPrimary({ exec, execArgv: [...process.execArgv, ...portalProcessArgs(env)], silent: false });
  let stopping = false;
  const workers = new Set<Worker>();
  // Every process asks for the same port, 0 included: node's cluster then shares one socket (and one
  // random port) between them; asking for the port the first one got would bind it a second time.
  const fork = () =>
    new Promise<number>((resolve, reject) => {
      const worker = cluster.fork({ ...env, PORTAL_WORKER_PORT: String(port), PORTAL_WORKER_HOST: host });
      workers.add(worker);
      worker.on('message', (message: PortalMessage) => {
        if (message.type === 'portal-ready') resolve(message.port);
      });
      worker.once('exit', (code, signal) => {
        workers.delete(worker);
        reject(new Error(`processus du portail arrêté avant d’écouter (${signal ?? code})`));
        if (stopping) return;
        logger.error({ pid: worker.process.pid, code, signal }, 'processus du portail arrêté : relancé');
        setTimeout(() => {
          if (!stopping) fork().catch((error) => logger.error({ err: error }, 'processus du portail non relancé'));
        }, 1_000).unref();
      });
    });
  const ports = await Promise.all(Array.from({ length: count }, fork));
  const unsubscribe = onReferenceDataForgotten(() => {
    for (const worker of workers) if (worker.isConnected()) worker.send({ type: 'reference-changed' } satisfies PortalMessage);
  });
  return {
    port: ports[0]!,
    async stop() {
      stopping = true;
      unsubscribe();
      await Promise.all(
        [...workers].map(
          (worker) =>
            new Promise<void>((resolve) => {
              const kill = setTimeout(() => worker.process.kill('SIGKILL'), 12_000);
              worker.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              worker.send({ type: 'stop' } satisfies PortalMessage);
            }),
        ),
      );
    },
  };
}
