import './bench-data-key';
import '../portal-server/react-production';
import cluster from 'node:cluster';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import knexFactory from 'knex';
import { createPortalApp } from '../portal-server/portal-app';
import { portalProcessArgs } from '../portal-server/portal-cluster';
import { fixedClock } from '../shared/core/clock';
import { createMailer } from '../shared/core/mail/mailer';
import { openSqlite, withReaders } from '../shared/db/connection';
import { BENCH_NOW } from './build-city';
import { collectGarbageSooner } from '../shared/runtime/heap-growth';

// The servers under load, in their own process so that the load generator does not share
// their event loop: the portal on the city's database — in this process, or in N processes
// sharing its port as `PORTAL_PROCESSES=N npm run serve` runs it — and a bare Koa « hello » as
// reference. Each process says its peak memory (resident set) when asked.
const target = process.argv[2]!;
const processes = Number(process.argv[3] ?? 1);
const postgres = /^postgres(ql)?:\/\//.test(target);

const listen = (handler: http.RequestListener) =>
  new Promise<number>((resolve) => {
    const server = http.createServer({ keepAliveTimeout: 60_000 }, handler);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
/** Peak resident memory of this process, in megabytes. */
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** Where it goes now: V8's heap, memory outside it (buffers, SQLite's caches, threads), in megabytes. */
const nowMb = () => {
  const m = process.memoryUsage();
  return { rss: Math.round(m.rss / 2 ** 20), heapUsed: Math.round(m.heapUsed / 2 ** 20), external: Math.round(m.external / 2 ** 20) };
};

function portalCallback(): http.RequestListener {
  const { db, reader } = withReaders(
    postgres ? knexFactory({ client: 'pg', connection: target, pool: { min: 0, max: 10 } }) : openSqlite(target),
    postgres ? undefined : target,
  );
  return createPortalApp({
    db,
    reader,
    clock: fixedClock(BENCH_NOW),
    mailer: createMailer({ outboxDir: path.join(os.tmpdir(), 'pf-bench-outbox') }),
    portalBaseUrl: 'http://127.0.0.1',
    trustProxy: 0,
  }).callback();
}

if (cluster.isWorker) {
  const port = await listen(portalCallback());
  process.send?.({ type: 'ready', port });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'rss') process.send?.({ type: 'rss', mb: peakRssMb(), now: nowMb() });
  });
  process.on('disconnect', () => process.exit(0));
} else {
  // As `npm run serve` starts: the primary, which serves the portal itself when it is the only process.
  collectGarbageSooner(process.env);
  const bare = new Koa();
  bare.use((ctx) => {
    ctx.body = 'hello';
  });
  const barePort = await listen(bare.callback());
  let portalPort: number;
  if (processes <= 1) portalPort = await listen(portalCallback());
  else {
    // Started as the application starts its portal processes: with their heap bounded.
    cluster.setupPrimary({ execArgv: [...process.execArgv, ...portalProcessArgs(process.env)] });
    const ports = await Promise.all(
      Array.from(
        { length: processes },
        () =>
          new Promise<number>((resolve) => {
            const worker = cluster.fork();
            worker.on('message', (message: { type: string; port: number }) => {
              if (message.type === 'ready') resolve(message.port);
            });
          }),
      ),
    );
    portalPort = ports[0]!;
  }
  process.send?.({ type: 'ports', portal: portalPort, bare: barePort });
  process.on('message', async (message: { type: string }) => {
    if (message.type !== 'rss') return;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const theirs = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<number>((resolve) => {
            worker.once('message', (reply: { type: string; mb: number; now: object }) => {
              console.log(`  processus du portail : maintenant ${JSON.stringify(reply.now)} Mo`);
              resolve(reply.mb);
            });
            worker.send({ type: 'rss' });
          }),
      ),
    );
    // With one process the portal and the bare server share it; with several, each portal process is its own.
    if (processes <= 1) console.log(`  processus du portail : maintenant ${JSON.stringify(nowMb())} Mo`);
    process.send?.({ type: 'rss', portalMb: processes <= 1 ? [peakRssMb()] : theirs, primaryMb: peakRssMb() });
  });
  // The bench stops it by disconnecting: a normal exit, so that `--cpu-prof` can write its profile.
  process.on('disconnect', () => process.exit(0));
}
