import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { closePdfWorkers } from '../../shared/core/pdf/pdf-workers';
import { bootstrapDatabase } from '../../shared/db/bootstrap';
import { openSqlite } from '../../shared/db/connection';
import { seedDemoCommune } from '../../shared/demo/demo-seed';

/** Where the demo built at TEST_NOW waits to be copied: a SQLite file, or a PostgreSQL database. */
export type DemoTemplate = { kind: 'sqlite'; file: string } | { kind: 'postgres'; database: string };

/**
 * Builds the demo commune once for a test run (a few seconds of seeding, which some thirty test
 * files would otherwise each repeat): a new test database is then a copy of it — a file copy on
 * SQLite, `create database … template` on PostgreSQL. Same migrations, same seed, same instant.
 */
export async function buildDemoTemplate(nowIso: string): Promise<{ template: DemoTemplate; destroy(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-demo-template-'));
    const file = path.join(dir, 'demo.sqlite');
    const db = openSqlite(file);
    await bootstrapDatabase(db, { production: false, now: new Date(nowIso), seedDemo: seedDemoCommune });
    // Everything in the main file, so that copying it alone copies the database.
    await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    const [mode] = await db.raw('PRAGMA journal_mode = DELETE');
    await db.destroy();
    if (mode?.journal_mode !== 'delete')
      throw new Error(`The demo template is still in ${mode?.journal_mode} mode: its file alone is not the database.`);
    await closePdfWorkers();
    return { template: { kind: 'sqlite', file }, destroy: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const database = `pf_template_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${database}`);
  const target = new URL(url);
  target.pathname = `/${database}`;
  const db = knexFactory({ client: 'pg', connection: target.toString(), pool: { min: 0, max: 2 } });
  try {
    await bootstrapDatabase(db, { production: false, now: new Date(nowIso), seedDemo: seedDemoCommune });
  } catch (error) {
    await db.destroy();
    await admin.raw(`drop database if exists ${database} with (force)`);
    await admin.destroy();
    throw error;
  }
  await db.destroy(); // a template must have no session left
  await closePdfWorkers();
  return {
    template: { kind: 'postgres', database },
    async destroy() {
      await admin.raw(`drop database if exists ${database} with (force)`);
      await admin.destroy();
    },
  };
}
