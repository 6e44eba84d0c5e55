import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { StatementCachingSqlite3Client } from './statement-cache';
import { NamedStatementsPgClient } from './pg-named-statements';

export interface DatabaseConfig {
  /** PostgreSQL connection string; when absent, the embedded SQLite file is used. */
  databaseUrl?: string;
  /** Folder of the SQLite file (`portail-famille.sqlite`). */
  dataDir: string;
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
  };
}

export function sqliteFile(config: DatabaseConfig): string {
  return path.join(config.dataDir, 'portail-famille.sqlite');
}

/** The application's connections say who they are (pg_stat_activity): `npm run restore` refuses while any is open. */
export function withApplicationName(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (!url.searchParams.has('application_name')) url.searchParams.set('application_name', 'portail-famille');
  return url.toString();
}

export function openDatabase(config: DatabaseConfig): Knex {
  if (config.databaseUrl) {
    return knexFactory({
      client: 'pg',
      connection: withApplicationName(config.databaseUrl),
      pool: { min: 0, max: 10 },
    });
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  return openSqlite(sqliteFile(config));
}

type RawSqlite = { run: (sql: string, cb: (err: Error | null) => void) => void };

/** Runs pragmas one after the other on a new raw connection, then hands it to the pool. */
function withPragmas(pragmas: string[]) {
  return (conn: RawSqlite, done: (err: Error | null, conn: unknown) => void) => {
    const next = (i: number) => {
      if (i === pragmas.length) return done(null, conn);
      conn.run(pragmas[i]!, (err) => (err ? done(err, conn) : next(i + 1)));
    };
    next(0);
  };
}

/** The one SQLite connection that writes: every transaction and every change goes through it. */
export function openSqlite(filename: string): Knex {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and one connection keeps each
    // transaction's view consistent without SQLITE_BUSY between our own queries.
    // Foreign keys on; WAL so readers never wait for the writer; a 64 MiB page cache and
    // memory-mapped reads for a city-sized file (issue 8); wait rather than fail when busy.
    pool: {
      min: 1,
      max: 1,
      afterCreate: withPragmas([
        'PRAGMA foreign_keys = ON',
        'PRAGMA journal_mode = WAL',
        'PRAGMA busy_timeout = 5000',
        'PRAGMA cache_size = -65536',
        'PRAGMA mmap_size = 268435456',
        'PRAGMA temp_store = MEMORY',
      ]),
    },
  });
}

/** How many read-only connections serve the portal's pages beside the writer. */
export const SQLITE_READERS = 4;

/**
 * Read-only SQLite connections for the portal's pages (issue 8): with one connection, every
 * page waited behind every other page's queries and behind any running transaction (an
 * invoice run held the portal for its whole length). In WAL mode readers see the last
 * committed state and never block the writer. `query_only` makes any write on them fail.
 */
export function openSqliteReaders(filename: string, size = SQLITE_READERS): Knex {
  return knexFactory({
    // knex's SQLite client that keeps each read's prepared statement for the next one.
    client: StatementCachingSqlite3Client as unknown as typeof Knex.Client,
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 0,
      max: size,
      afterCreate: withPragmas([
        'PRAGMA query_only = ON',
        'PRAGMA busy_timeout = 5000',
        'PRAGMA cache_size = -16384',
        'PRAGMA mmap_size = 268435456',
        'PRAGMA temp_store = MEMORY',
      ]),
    },
  });
}

/** The database as the application holds it: the writer, and what pages read through. */
export interface Databases {
  db: Knex;
  /** Read-only connections with their prepared statements kept (SQLite and PostgreSQL alike). */
  reader: Knex;
  destroy(): Promise<void>;
}

/** Opens the writer and its readers (the readers are used once the writer has migrated the file, in WAL mode). */
export function openDatabases(config: DatabaseConfig): Databases {
  const db = openDatabase(config);
  return withReaders(db, config.databaseUrl ? undefined : sqliteFile(config));
}

/**
 * The portal's readers on PostgreSQL: a pool of their own whose reads are named prepared
 * statements (parsed and planned once per connection). Read-only sessions by default.
 */
export function openPgReaders(connection: Knex.StaticConnectionConfig | string, size = 10): Knex {
  return knexFactory({
    client: NamedStatementsPgClient as unknown as typeof Knex.Client,
    connection,
    pool: {
      min: 0,
      max: size,
      afterCreate(
        conn: { query: (sql: string, cb: (err: Error | null) => void) => void },
        done: (err: Error | null, conn: unknown) => void,
      ) {
        conn.query('set default_transaction_read_only = on', (err) => done(err, conn));
      },
    },
  });
}

/** The readers beside an open writer: read-only connections on the same SQLite file or PostgreSQL database. */
export function withReaders(db: Knex, sqliteFilename?: string): Databases {
  const reader = isPostgres(db)
    ? openPgReaders(db.client.config.connection as string)
    : sqliteFilename
      ? openSqliteReaders(sqliteFilename)
      : db;
  return {
    db,
    reader,
    async destroy() {
      if (reader !== db) await reader.destroy();
      await db.destroy();
    },
  };
}

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}
