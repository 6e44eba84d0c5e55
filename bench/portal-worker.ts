import './bench-data-key';
import '../portal-server/react-production';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import knexFactory from 'knex';
import { createPortalApp } from '../portal-server/portal-app';
import { fixedClock } from '../shared/core/clock';
import { createMailer } from '../shared/core/mail/mailer';
import { openSqlite, withReaders } from '../shared/db/connection';
import { BENCH_NOW } from './build-city';

// The servers under load, in their own process so that the load generator does not share
// their event loop: the portal on the city's database, and a bare Koa « hello » as reference.
const target = process.argv[2]!;
const postgres = /^postgres(ql)?:\/\//.test(target);
const { db, reader } = withReaders(
  postgres ? knexFactory({ client: 'pg', connection: target, pool: { min: 0, max: 10 } }) : openSqlite(target),
  postgres ? undefined : target,
);
const listen = (handler: http.RequestListener) =>
  new Promise<number>((resolve) => {
    const server = http.createServer({ keepAliveTimeout: 60_000 }, handler);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
const portal = createPortalApp({
  db,
  reader,
  clock: fixedClock(BENCH_NOW),
  mailer: createMailer({ outboxDir: path.join(os.tmpdir(), 'pf-bench-outbox') }),
  portalBaseUrl: 'http://127.0.0.1',
  trustProxy: 0,
});
const bare = new Koa();
bare.use((ctx) => {
  ctx.body = 'hello';
});
const ports = { portal: await listen(portal.callback()), bare: await listen(bare.callback()) };
process.send?.(ports);
// The bench stops it by disconnecting: a normal exit, so that `--cpu-prof` can write its profile.
process.on('disconnect', () => process.exit(0));
