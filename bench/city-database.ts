import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import { openSqlite } from '../shared/db/connection';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Where generated cities live (tests point it at a temporary folder). */
export const BENCH_DATA_DIR = process.env.BENCH_DATA_DIR ?? path.join(here, 'data');

export interface CityDatabase {
  db: Knex;
  kind: 'sqlite' | 'postgres';
  where: string;
  close(): Promise<void>;
}

const pgUrl = (base: string, name: string) => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};
const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];
export const cityName = (families: number, seed: number) => `city_${families}_${seed}`;

/** How long a city took to build, kept beside the bench's data so that a later run reports it. */
export interface CityBuildRecord {
  seconds: number;
  machine: string;
  builtAt: string;
}
const buildRecordFile = (name: string, databaseUrl?: string) =>
  path.join(BENCH_DATA_DIR, `${name}.${databaseUrl ? 'postgres' : 'sqlite'}.build.json`);
export function saveCityBuild(name: string, databaseUrl: string | undefined, record: CityBuildRecord): void {
  fs.mkdirSync(BENCH_DATA_DIR, { recursive: true });
  fs.writeFileSync(buildRecordFile(name, databaseUrl), `${JSON.stringify(record, null, 2)}\n`);
}
export function readCityBuild(name: string, databaseUrl?: string): CityBuildRecord | null {
  const file = buildRecordFile(name, databaseUrl);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CityBuildRecord) : null;
}

/** The generated city's own database (SQLite file under bench/data, or a PostgreSQL database beside DATABASE_URL). */
export async function openCity(name: string, options: { databaseUrl?: string; fresh: boolean }): Promise<CityDatabase> {
  if (options.databaseUrl) {
    const admin = knexFactory({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 1 } });
    const dbName = `pf_bench_${name}`;
    if (options.fresh) {
      await admin.raw(`drop database if exists ${dbName} with (force)`);
      await admin.raw(`create database ${dbName}`);
    }
    await admin.destroy();
    const db = knexFactory({ client: 'pg', connection: pgUrl(options.databaseUrl, dbName), pool: { min: 0, max: 10 } });
    return { db, kind: 'postgres', where: dbName, close: () => db.destroy() };
  }
  fs.mkdirSync(BENCH_DATA_DIR, { recursive: true });
  const file = path.join(BENCH_DATA_DIR, `${name}.sqlite`);
  if (options.fresh) for (const f of sqliteFiles(file)) fs.rmSync(f, { force: true });
  const db = openSqlite(file);
  return { db, kind: 'sqlite', where: file, close: () => db.destroy() };
}

export async function cityExists(name: string, databaseUrl?: string): Promise<boolean> {
  if (!databaseUrl) return fs.existsSync(path.join(BENCH_DATA_DIR, `${name}.sqlite`));
  const admin = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    const row = await admin('pg_database')
      .where({ datname: `pf_bench_${name}` })
      .first('datname');
    return Boolean(row);
  } finally {
    await admin.destroy();
  }
}

/**
 * A throw-away copy of the city for one benchmark run (the run books days and bills), so that
 * every run starts from the same data: a file copy, or a PostgreSQL database from a template.
 */
export async function copyCity(name: string, databaseUrl?: string): Promise<CityDatabase> {
  if (databaseUrl) {
    const admin = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
    const copy = `pf_bench_run_${process.pid}`;
    await admin.raw(`drop database if exists ${copy} with (force)`);
    await admin.raw(`create database ${copy} template pf_bench_${name}`);
    const db = knexFactory({ client: 'pg', connection: pgUrl(databaseUrl, copy), pool: { min: 0, max: 10 } });
    return {
      db,
      kind: 'postgres',
      where: copy,
      async close() {
        await db.destroy();
        await admin.raw(`drop database if exists ${copy} with (force)`);
        await admin.destroy();
      },
    };
  }
  const source = path.join(BENCH_DATA_DIR, `${name}.sqlite`);
  const file = path.join(BENCH_DATA_DIR, `run-${process.pid}.sqlite`);
  // The source was closed cleanly (WAL checkpointed), so the main file holds everything.
  fs.copyFileSync(source, file);
  const db = openSqlite(file);
  return {
    db,
    kind: 'sqlite',
    where: file,
    async close() {
      await db.destroy();
      for (const f of sqliteFiles(file)) fs.rmSync(f, { force: true });
    },
  };
}
