import './bench-data-key';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type { Knex } from 'knex';
import { fixedClock } from '../shared/core/clock';
import { migrateToLatest } from '../shared/db/migrate';
import { sealStoredSecrets } from '../shared/core/secrets/seal-stored';
import { createMailer } from '../shared/core/mail/mailer';
import { createStaffDispatcher } from '../shared/core/staff-dispatcher';
import { invoicesPdf } from '../shared/core/billing/invoice-pdf';
import { bookDays } from '../shared/core/planning/booking';
import { BENCH_AGENT, BENCH_NOW, buildCity } from './build-city';
import { BENCH_DATA_DIR, cityExists, cityName, copyCity, readCityBuild } from './city-database';
import { BENCH_PASSWORD, benchLogin } from './generate-city';
import { portalLogin, runLoad, type LoadResult } from './load';
import { benchMachine } from './machine';
import { benchDatabases, mergeResults } from './results-file';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BenchOptions {
  families: number;
  seed: number;
  quick: boolean;
  databaseUrl?: string;
  log: (line: string) => void;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
};
async function timeMs(run: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
/** Runs a load `times` times and keeps the run of median throughput, whole (its latencies with it). */
async function medianRun(times: number, run: () => Promise<LoadResult>): Promise<LoadResult> {
  const results: LoadResult[] = [];
  for (let i = 0; i < times; i += 1) results.push(await run());
  results.sort((a, b) => a.rps - b.rps);
  return results[Math.floor(results.length / 2)]!;
}
async function medianMs(times: number, run: () => Promise<unknown>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < times; i += 1) values.push(await timeMs(run));
  return median(values);
}

let bundled: Promise<string> | null = null;
/**
 * The servers' process runs bundled JavaScript with Node alone, as `npm run serve` runs the
 * build: under tsx its compiler and loader thread would add some 50 MB to the memory measured.
 * The PDF worker's entry is bundled beside it, where shared/core/pdf/pdf-workers.ts looks for it.
 * Bundled once per run: the one-process and two-process servers start from the same files.
 */
function bundleServers(): Promise<string> {
  const outdir = path.join(here, '..', 'out', 'bench');
  bundled ??= build({
    entryPoints: {
      'portal-worker': path.join(here, 'portal-worker.ts'),
      'pdf-worker': path.join(here, '../shared/core/pdf/pdf-worker.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  }).then(() => path.join(outdir, 'portal-worker.js'));
  return bundled;
}

/** Starts the portal (in `processes` processes) and the bare Koa server in a child process over the city's copy. */
async function startServers(target: string, processes: number) {
  const child = fork(await bundleServers(), [target, String(processes)], {
    execArgv: [],
    // In one bundled file React is imported before any of its code runs, react-production.ts included:
    // the production build is asked for here, as the built application's own chunks ensure.
    // The bundle lives in out/bench: the cities' folder (and the key beside them) is said, not found from there.
    env: { ...process.env, NODE_ENV: 'production', BENCH_DATA_DIR, PORTAL_STATIC_DIR: path.join(here, '../portal-server/static') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ports = await new Promise<{ portal: number; bare: number }>((resolve, reject) => {
    child.on('message', (m: { type: string; portal: number; bare: number }) => {
      if (m.type === 'ports') resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`le serveur du banc s'est arrêté (code ${code})`)));
  });
  /** Each portal process's peak resident memory (MB), and the primary's. */
  const peakRss = () =>
    new Promise<{ portalMb: number[]; primaryMb: number }>((resolve) => {
      const listen = (m: { type: string; portalMb: number[]; primaryMb: number }) => {
        if (m.type !== 'rss') return;
        child.off('message', listen);
        resolve(m);
      };
      child.on('message', listen);
      child.send({ type: 'rss' });
    });
  return { portal: ports.portal, bare: ports.bare, peakRss, stop: () => child.disconnect() };
}

/** The PostgreSQL settings a figure depends on, as the server reports them. */
async function postgresSettings(db: Knex): Promise<Record<string, string>> {
  const rows: Array<{ name: string; setting: string; unit: string | null }> = await db('pg_settings')
    .whereIn('name', ['server_version', 'shared_buffers', 'max_wal_size', 'work_mem', 'maintenance_work_mem'])
    .orderBy('name')
    .select('name', 'setting', 'unit');
  return Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting]));
}

/** The benchmark: every figure of bench/results.json, on a throw-away copy of the city. */
export async function runBench(options: BenchOptions) {
  const { log } = options;
  const name = cityName(options.families, options.seed);
  if (!(await cityExists(name, options.databaseUrl))) {
    log(`Ville absente : génération de ${options.families} familles…`);
    const built = await buildCity({ families: options.families, seed: options.seed, databaseUrl: options.databaseUrl, log });
    log(`  générée en ${built.seconds.toFixed(1)} s`);
  }
  const city = await copyCity(name, options.databaseUrl);
  const db = city.db;
  await migrateToLatest(db); // a city built by an older version gets this version's schema
  await sealStoredSecrets(db); // and its secrets sealed, as the application's start does
  const clock = fixedClock(BENCH_NOW);
  const dispatch = createStaffDispatcher({
    db,
    clock,
    mailer: createMailer({ outboxDir: path.join(os.tmpdir(), 'pf-bench-outbox') }),
    portalBaseUrl: 'http://127.0.0.1',
  });
  const agent = (await dispatch({ name: 'auth.login', input: BENCH_AGENT, sessionToken: null, source: 'bench' })).sessionToken!;
  const staff = async <T = never>(name: string, input: unknown): Promise<T> => {
    const result = await dispatch({ name, input, sessionToken: agent, source: 'bench' });
    if (!result.response.ok) throw new Error(`${name} : ${result.response.error.message}`);
    return result.response.value as T;
  };
  try {
    // 1. The monthly invoice run for the whole city (November: the days up to today).
    log('Facturation du mois pour toute la ville…');
    let issued: { invoices: number } = { invoices: 0 };
    const runSeconds =
      (await timeMs(async () => {
        issued = await staff('billing.issue', { month: '2026-11' });
      })) / 1000;
    const invoiceRun = {
      seconds: Math.round(runSeconds * 100) / 100,
      invoices: issued.invoices,
      invoicesPerSecond: Math.round(issued.invoices / runSeconds),
    };
    log(`  ${invoiceRun.invoices} factures en ${invoiceRun.seconds} s`);

    // 2. Back-office pages at that size.
    const backoffice = {
      familiesGridMs: await medianMs(15, () =>
        staff('families.list', { page: 2, pageSize: 25, search: 'mar', sortField: 'responsableName', sortDirection: 'asc' }),
      ),
      requestQueueMs: await medianMs(15, () => staff('requests.list', { page: 0, pageSize: 25 })),
      // « Statistiques » for the month, and for the school year so far (September to November).
      statisticsMonthMs: await medianMs(5, () => staff('statistics.get', { from: '2026-11', to: '2026-11' })),
      statisticsSchoolYearMs: await medianMs(3, () => staff('statistics.get', { from: '2026-09', to: '2026-11' })),
    };

    // 3. PDFs: one invoice, and a batch.
    const someInvoices = (
      await db('invoices')
        .where({ period_month: '2026-11' })
        .orderBy('id')
        .limit(options.quick ? 20 : 500)
        .select('id')
    ).map((r) => Number(r.id));
    await invoicesPdf(db, [someInvoices[0]!], 'http://127.0.0.1'); // fonts load once
    const batchMs = await timeMs(() => invoicesPdf(db, someInvoices, 'http://127.0.0.1'));
    const pdf = {
      oneMs: await medianMs(options.quick ? 3 : 15, () => invoicesPdf(db, [someInvoices[1] ?? someInvoices[0]!], 'http://127.0.0.1')),
      batchPerSecond: Math.round(someInvoices.length / (batchMs / 1000)),
    };

    // 4. The portal under load, beside a bare Koa server, both in another process; then the
    // portal in two processes sharing its port, as PORTAL_PROCESSES=2 runs it.
    log('Portail sous charge…');
    const target =
      city.kind === 'sqlite'
        ? city.where
        : city.where.includes('://')
          ? city.where
          : `${options.databaseUrl!.replace(/\/[^/]*$/, '')}/${city.where}`;
    const portal: Array<{ page: string; concurrency: number; processes: number } & LoadResult> = [];
    const bareKoa: Array<{ concurrency: number; rps: number; processes: number }> = [];
    const memory: Array<{ processes: number; portalPeakRssMb: number[] }> = [];
    const parents = Math.min(64, options.families);
    const accounts = await db('portal_accounts as a')
      .join('families as f', 'f.id', 'a.family_id')
      .whereIn(
        'a.login',
        Array.from({ length: parents }, (_, i) => benchLogin(i)),
      )
      .orderBy('a.id')
      .select('a.login', 'a.family_id');
    const pages: Record<string, (s: { childId: number; invoice: string }) => string> = {
      home: () => '/accueil',
      planning: (s) => `/mes-enfants/${s.childId}/planning?mois=2026-11`,
      statement: () => '/releve-de-compte',
      invoicePdf: (s) => `/factures/${s.invoice}/pdf`,
    };
    for (const processes of [1, 2]) {
      const servers = await startServers(target, processes);
      try {
        const sessions: Array<{ cookie: string; childId: number; invoice: string }> = [];
        for (const account of accounts) {
          const child = await db('children').where({ family_id: account.family_id }).orderBy('id').first('id');
          const invoice = await db('invoices').where({ family_id: account.family_id }).orderBy('id', 'desc').first('number');
          sessions.push({
            cookie: await portalLogin(servers.portal, account.login, BENCH_PASSWORD),
            childId: child.id,
            invoice: invoice?.number ?? '',
          });
        }
        const load = (page: string, concurrency: number, count: number) =>
          runLoad(servers.portal, concurrency, count, (worker) => {
            const s = sessions[worker % sessions.length]!;
            return { path: pages[page]!(s), cookie: s.cookie };
          });
        // Both servers warmed first: a cold « hello » (its code not yet optimised by V8) would
        // make a poor reference and flatter the portal's ratio.
        log(`  ${processes} processus : mise en route des deux serveurs…`);
        await runLoad(servers.bare, 16, options.quick ? 200 : 30_000, () => ({ path: '/' }));
        for (const page of Object.keys(pages)) await load(page, 16, options.quick ? 20 : page === 'invoicePdf' ? 100 : 500);
        // Each figure is the run of median throughput out of three, to damp the machine's noise.
        const runs = options.quick ? 1 : 3;
        // One parent gains nothing from a second process: the two-process run starts at 16.
        for (const concurrency of processes === 1 ? [1, 16, 64] : [16, 64]) {
          const total = options.quick ? 20 : concurrency === 1 ? 300 : 2000;
          const bare = await medianRun(runs, () =>
            runLoad(servers.bare, concurrency, options.quick ? 40 : concurrency === 1 ? 3000 : 20_000, () => ({ path: '/' })),
          );
          bareKoa.push({ concurrency, rps: bare.rps, processes });
          for (const page of Object.keys(pages)) {
            const count = options.quick ? 20 : page === 'invoicePdf' ? Math.round(total / 5) : total;
            const result = await medianRun(page === 'invoicePdf' ? 1 : runs, () => load(page, concurrency, count));
            portal.push({ page, concurrency, processes, ...result });
            const ratio = concurrency > 1 ? ` (${((100 * result.rps) / bare.rps).toFixed(1)} % du Koa nu)` : '';
            log(
              `  ${processes} processus, ${page} ×${concurrency} : ${result.rps} req/s${ratio}, p95 ${result.p95Ms} ms${result.errors ? `, ${result.errors} erreurs` : ''}`,
            );
          }
        }
        const rss = await servers.peakRss();
        memory.push({ processes, portalPeakRssMb: rss.portalMb });
        log(`  ${processes} processus : mémoire de pointe ${rss.portalMb.join(' + ')} Mo`);
      } finally {
        servers.stop();
      }
    }

    // 5. A reservation burst: 1 000 families book the same day at once, against capacity.
    log('Rafale de réservations…');
    const reservationBurst = await reservationBurstOn(db, clock, options.quick ? 50 : 1000);

    const results = {
      machine: benchMachine(),
      database: city.kind,
      families: options.families,
      // How long this city took to build (`npm run bench:data`, or this run when it was missing).
      cityBuild: readCityBuild(name, options.databaseUrl),
      // The server's memory and WAL settings: at 100 000 families they decide the invoice run's time.
      postgresSettings: city.kind === 'postgres' ? await postgresSettings(db) : null,
      invoiceRun,
      portal,
      bareKoa,
      memory,
      reservationBurst,
      pdf,
      backoffice,
    };
    return results;
  } finally {
    await city.close();
  }
}

/**
 * Children enrolled in the morning garderie book Tuesday 8 December (a day their regular
 * weekdays leave free), all at once, 64 in flight; the service's capacity is set below the
 * demand so that the waiting list fills, and the bench checks that nothing went over.
 */
async function reservationBurstOn(db: Knex, clock: ReturnType<typeof fixedClock>, requests: number) {
  const service = await db('services').where({ code: 'GARD_MATIN' }).first('id');
  const capacity = Math.floor(requests * 0.6);
  await db('services').where({ id: service.id }).update({ capacity_per_day: capacity });
  const date = '2026-12-08';
  const children = await db('enrolments as e')
    .join('children as c', 'c.id', 'e.child_id')
    .join('portal_accounts as a', 'a.family_id', 'c.family_id')
    .where({ 'e.service_id': service.id, 'e.status': 'active' })
    .whereNotExists(db('planning_days as p').whereRaw('p.child_id = c.id').where({ 'p.service_id': service.id, 'p.date': date }))
    .orderBy('c.id')
    .limit(requests)
    .select('c.id as child_id', 'c.family_id', 'a.id as account_id', 'a.login');
  const outcomes = { requests: children.length, accepted: 0, waitingList: 0, refused: 0, overbooked: 0, errors: 0, seconds: 0 };
  let next = 0;
  const seconds =
    (await timeMs(async () => {
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next < children.length) {
            const c = children[next++]!;
            try {
              const session = {
                actor: { kind: 'family' as const, accountId: c.account_id, familyId: c.family_id, login: c.login, sessionId: 'bench' },
                csrfToken: '',
                mustChangePassword: false,
              };
              const [outcome] =
                (await bookDays(db, clock, session, {
                  childId: c.child_id,
                  action: 'reserve',
                  selections: [{ serviceId: service.id, date }],
                  reason: '',
                  repeatWeekly: false,
                  source: 'bench',
                })) ?? [];
              if (outcome?.result === 'accepted') outcomes.accepted += 1;
              else if (outcome?.result === 'waiting_list') outcomes.waitingList += 1;
              else outcomes.refused += 1;
            } catch {
              outcomes.errors += 1;
            }
          }
        }),
      );
    })) / 1000;
  const booked = Number(
    (
      await db('planning_days')
        .where({ service_id: service.id, date })
        .whereIn('state', ['reserved', 'regular'])
        .count<{ n: number }[]>({ n: '*' })
        .first()
    )?.n ?? 0,
  );
  outcomes.overbooked = Math.max(0, booked - capacity);
  outcomes.seconds = Math.round(seconds * 100) / 100;
  return { ...outcomes, capacity, perSecond: Math.round(children.length / seconds) };
}

function table(results: Awaited<ReturnType<typeof runBench>>): string {
  const bare = new Map(results.bareKoa.map((b) => [`${b.processes}-${b.concurrency}`, b.rps]));
  const lines = [
    `Machine : ${results.machine} — base : ${results.database} — ${results.families} familles`,
    ...(results.postgresSettings ? [`PostgreSQL : ${JSON.stringify(results.postgresSettings)}`] : []),
    `Ville générée en ${results.cityBuild ? `${Math.round(results.cityBuild.seconds)} s` : '(durée inconnue)'}`,
    `Facturation du mois : ${results.invoiceRun.invoices} factures en ${results.invoiceRun.seconds} s (${results.invoiceRun.invoicesPerSecond}/s)`,
    '',
    '| page | processus | parents simultanés | requêtes | req/s | % de Koa nu | p50 ms | p95 ms | p99 ms | erreurs |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.portal.map(
      (p) =>
        `| ${p.page} | ${p.processes} | ${p.concurrency} | ${p.requests} | ${p.rps} | ${((100 * p.rps) / (bare.get(`${p.processes}-${p.concurrency}`) ?? 1)).toFixed(1)} % | ${p.p50Ms} | ${p.p95Ms} | ${p.p99Ms} | ${p.errors} |`,
    ),
    ...results.bareKoa.map((b) => `| Koa « hello » (référence) | 1 | ${b.concurrency} | | ${b.rps} | 100 % | | | | |`),
    '',
    ...results.memory.map((m) => `Mémoire de pointe du portail, ${m.processes} processus : ${m.portalPeakRssMb.join(' + ')} Mo`),
    '',
    `Rafale de réservations : ${results.reservationBurst.requests} demandes pour ${results.reservationBurst.capacity} places en ${results.reservationBurst.seconds} s — ${results.reservationBurst.accepted} acceptées, ${results.reservationBurst.waitingList} en liste d'attente, ${results.reservationBurst.refused} refusées, surréservation ${results.reservationBurst.overbooked}, erreurs ${results.reservationBurst.errors}`,
    `PDF : une facture ${results.pdf.oneMs} ms ; lot ${results.pdf.batchPerSecond} factures/s`,
    `Back-office : grille des familles ${results.backoffice.familiesGridMs} ms ; file des demandes ${results.backoffice.requestQueueMs} ms ; statistiques du mois ${results.backoffice.statisticsMonthMs} ms, de septembre à novembre ${results.backoffice.statisticsSchoolYearMs} ms`,
  ];
  return lines.join('\n');
}

// npm run bench [-- --families 20000 --seed 2026 --database sqlite|postgresql|both --quick --out bench/results.json]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      families: { type: 'string', default: '20000' },
      seed: { type: 'string', default: '2026' },
      // A city of 100 000 families is measured on PostgreSQL alone: « --database postgresql ».
      database: { type: 'string', default: process.env.DATABASE_URL ? 'both' : 'sqlite' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(here, 'results.json') },
    },
  });
  const databases = benchDatabases(values.database, process.env.DATABASE_URL);
  const log = (line: string) => console.log(line);
  for (const databaseUrl of databases) {
    const results = await runBench({ families: Number(values.families), seed: Number(values.seed), quick: values.quick, databaseUrl, log });
    console.log(`\n${table(results)}\n`);
    // Each run replaces its own (database, families) entry and keeps the others: the 100 000-family
    // PostgreSQL run sits beside the 20 000-family runs of both databases.
    const previous = fs.existsSync(values.out) ? JSON.parse(fs.readFileSync(values.out, 'utf8')) : [];
    fs.writeFileSync(values.out, `${JSON.stringify(mergeResults(previous, results), null, 2)}\n`);
  }
  console.log(`Résultats écrits dans ${path.relative(process.cwd(), values.out)}`);
}
