import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATA_KEY } from '../support/test-data-key';

// The generator and the benchmark keep working: a tiny city, every figure of results.json
// produced and sane (never timed here: speed is the benchmark's business, not the tests').
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-bench-'));
process.env.BENCH_DATA_DIR = dataDir;
// The bench installs its key when imported: the tests' own, so that the files this worker runs next still read the demo's.
process.env.DATA_KEY = TEST_DATA_KEY;
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm run bench at a tiny size', () => {
  it('generates a deterministic city and measures the invoice run, the portal, the burst, PDFs and the back-office', async () => {
    const { buildCity } = await import('../../bench/build-city');
    const { runBench } = await import('../../bench/run-bench');
    const built = await buildCity({ families: 30, seed: 7 });
    expect(built).toMatchObject({ families: 30, invoices: expect.any(Number), payments: expect.any(Number) });
    expect(built.children).toBeGreaterThanOrEqual(30);
    expect(built.planningDays).toBeGreaterThan(1000);
    const again = await buildCity({ families: 30, seed: 7 });
    expect({ ...again, seconds: 0 }).toEqual({ ...built, seconds: 0 }); // same seed, same city

    const results = await runBench({ families: 30, seed: 7, quick: true, log: () => undefined });
    expect(results).toMatchObject({ database: 'sqlite', families: 30 });
    // The city's build time is kept beside its data and reported by every later run.
    expect(results.cityBuild?.seconds).toBeGreaterThanOrEqual(0);
    expect(results.cityBuild?.machine).toMatch(/cœurs/);
    expect(results.postgresSettings).toBeNull(); // said for PostgreSQL only
    expect(results.invoiceRun.invoices).toBeGreaterThan(0);
    // One portal process at 1, 16 and 64 parents, then two processes sharing its port at 16 and 64.
    const pages = ['home', 'planning', 'statement', 'invoicePdf'];
    expect(results.portal.map((p) => `${p.processes}:${p.page}×${p.concurrency}`)).toEqual([
      ...[1, 16, 64].flatMap((c) => pages.map((page) => `1:${page}×${c}`)),
      ...[16, 64].flatMap((c) => pages.map((page) => `2:${page}×${c}`)),
    ]);
    expect(results.portal.every((p) => p.errors === 0 && p.requests > 0 && p.rps > 0 && p.p50Ms <= p.p95Ms && p.p95Ms <= p.p99Ms)).toBe(
      true,
    );
    expect(results.bareKoa.map((b) => `${b.processes}:${b.concurrency}`)).toEqual(['1:1', '1:16', '1:64', '2:16', '2:64']);
    // Each portal process's peak memory: one, then two.
    expect(results.memory.map((m) => m.portalPeakRssMb.length)).toEqual([1, 2]);
    expect(results.memory.flatMap((m) => m.portalPeakRssMb).every((mb) => mb > 50)).toBe(true);
    expect(results.reservationBurst).toMatchObject({ overbooked: 0, errors: 0 });
    expect(results.reservationBurst.accepted + results.reservationBurst.waitingList + results.reservationBurst.refused).toBe(
      results.reservationBurst.requests,
    );
    expect(results.pdf.oneMs).toBeGreaterThan(0);
    expect(results.backoffice.familiesGridMs).toBeGreaterThan(0);
    expect(results.backoffice.statisticsMonthMs).toBeGreaterThan(0);
  }, 180_000);
});

describe('bench/results.json', () => {
  it('keeps one entry per database and city size: a run replaces its own and leaves the others', async () => {
    const { mergeResults } = await import('../../bench/results-file');
    const sqlite20k = { database: 'sqlite', families: 20000, run: 1 };
    const pg20k = { database: 'postgres', families: 20000, run: 1 };
    const pg100k = { database: 'postgres', families: 100000, run: 1 };
    const afterThree = [pg20k, sqlite20k].reduce<unknown>((file, run) => mergeResults(file, run), mergeResults([], pg100k));
    expect(afterThree).toEqual([sqlite20k, pg20k, pg100k]);
    const rerun = { ...pg20k, run: 2 };
    expect(mergeResults(afterThree, rerun)).toEqual([sqlite20k, rerun, pg100k]);
    // An older file held a single run's object.
    expect(mergeResults(sqlite20k, pg20k)).toEqual([sqlite20k, pg20k]);
  });

  it('runs the databases « --database » names, and says so when PostgreSQL has no DATABASE_URL', async () => {
    const { benchDatabases } = await import('../../bench/results-file');
    const url = 'postgres://postgres@127.0.0.1:5432/test';
    expect(benchDatabases('sqlite', url)).toEqual([undefined]);
    expect(benchDatabases('postgresql', url)).toEqual([url]);
    expect(benchDatabases('both', url)).toEqual([undefined, url]);
    expect(() => benchDatabases('postgresql', undefined)).toThrow(/DATABASE_URL/);
    expect(() => benchDatabases('mysql', url)).toThrow(/sqlite/);
  });
});
