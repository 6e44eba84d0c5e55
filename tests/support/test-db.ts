import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { type DatabaseConfig, openPgReaders, openSqlite, openSqliteReaders, sqliteFile } from '../../shared/db/connection';
import type { DemoTemplate } from './demo-template';

export interface TestDatabase {
  db: Knex;
  /** The database as the application's configuration names it (for backups). */
  config: DatabaseConfig;
  /** What the portal's pages read through, as in the application (SQLite: read-only connections). */
  reader: Knex;
  kind: 'sqlite' | 'postgres';
  destroy(): Promise<void>;
}

/**
 * A fresh database for one test file — empty, or a copy of a template — : a SQLite file in a
 * temporary folder, or, when DATABASE_URL is set, a new PostgreSQL database created beside it
 * and dropped afterwards.
 */
export async function createTestDatabase(template?: DemoTemplate): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-test-'));
    const config: DatabaseConfig = { dataDir: dir };
    if (template?.kind === 'sqlite') fs.copyFileSync(template.file, sqliteFile(config));
    const db = openSqlite(sqliteFile(config));
    const reader = openSqliteReaders(sqliteFile(config));
    return {
      db,
      config,
      reader,
      kind: 'sqlite',
      async destroy() {
        await reader.destroy();
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `pf_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await admin.raw(template?.kind === 'postgres' ? `create database ${name} template ${template.database}` : `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = knexFactory({ client: 'pg', connection: target.toString(), pool: { min: 0, max: 5 } });
  const reader = openPgReaders(target.toString(), 5);
  return {
    db,
    config: { databaseUrl: target.toString(), dataDir: os.tmpdir() },
    reader,
    kind: 'postgres',
    async destroy() {
      await reader.destroy();
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}
