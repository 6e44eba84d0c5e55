import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';

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

export function openDatabase(config: DatabaseConfig): Knex {
  if (config.databaseUrl) {
    return knexFactory({
      client: 'pg',
      connection: config.databaseUrl,
      pool: { min: 0, max: 10 },
    });
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  return openSqlite(sqliteFile(config));
}

export function openSqlite(filename: string): Knex {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and one connection keeps each
    // transaction's view consistent without SQLITE_BUSY between our own queries.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { run: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) {
        // Foreign keys on; WAL so readers never wait for the writer; a 64 MiB page cache and
        // memory-mapped reads for a city-sized file (issue 8); wait rather than fail when busy.
        const pragmas = ['PRAGMA foreign_keys = ON', 'PRAGMA journal_mode = WAL', 'PRAGMA busy_timeout = 5000', 'PRAGMA cache_size = -65536', 'PRAGMA mmap_size = 268435456', 'PRAGMA temp_store = MEMORY'];
        const next = (i: number) => {
          if (i === pragmas.length) return done(null, conn);
          conn.run(pragmas[i]!, (err) => (err ? done(err, conn) : next(i + 1)));
        };
        next(0);
      },
    },
  });
}

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}
