import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index';
import { takeNightlyBackup } from '../../shared/core/backups/nightly';
import { fixedClock } from '../../shared/core/clock';
import { holdDatabaseLock, listBackups, lockFile, restoreBackup, takeBackup } from '../../shared/db/backup';
import { bootstrapDatabase } from '../../shared/db/bootstrap';
import { type DatabaseConfig, openSqlite, sqliteFile } from '../../shared/db/connection';
import { rollbackLast } from '../../shared/db/migrate';
import { useStaffCore } from '../support/staff-core';

// The commune's data kept for years: a copy taken while agents work, restored whole.
const fixture = useStaffCore();
const KNOWN = Object.keys(migrations);
let adminToken = '';
const asAdmin = async (name: string, input: unknown): Promise<any> =>
  (await fixture.core.dispatch({ name, input, sessionToken: adminToken, source: 'test' })).response;

beforeAll(async () => {
  const login = await fixture.core.dispatch({
    name: 'auth.login',
    input: { username: 'directrice', password: 'Direction2015' },
    sessionToken: null,
    source: 'test',
  });
  adminToken = login.sessionToken!;
});

/** The backup put back into a database of its own, to read what it holds. */
async function restoredCopy(file: string): Promise<{ db: Knex; url: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const config: DatabaseConfig = { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pf-restored-')) };
    await restoreBackup(config, file, KNOWN, new Date());
    const db = openSqlite(sqliteFile(config));
    return {
      db,
      url: '',
      drop: async () => {
        await db.destroy();
        fs.rmSync(config.dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `pf_restored_${randomBytes(5).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pgConfig = { databaseUrl: target.toString(), dataDir: os.tmpdir() };
  // A dump recorded by a newer version is refused, reading the file only.
  await expect(restoreBackup(pgConfig, file, KNOWN.slice(0, -1), new Date())).rejects.toThrow(
    'Cette sauvegarde vient d’une version plus récente de Portail Famille : installez-la avant de restaurer.',
  );
  const { keptAside } = await restoreBackup(pgConfig, file, KNOWN, new Date());
  expect(fs.statSync(keptAside!).size).toBeGreaterThan(0); // what it replaced, dumped first
  const db = knexFactory({ client: 'pg', connection: target.toString(), pool: { min: 0, max: 2 } });
  return {
    db,
    url: target.toString(),
    drop: async () => {
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}

const count = async (db: Knex, table: string, where?: (q: Knex.QueryBuilder) => void) => {
  const query = db(table);
  where?.(query);
  return Number((await query.count<{ n: number | string }[]>({ n: '*' }).first())?.n ?? 0);
};

describe('a backup', () => {
  it('is taken by an admin from Paramètres and listed with its size; an agent may not', async () => {
    const agent = await fixture.staff('backups.run', {});
    expect(agent.error.type).toBe('forbidden');
    const taken = await asAdmin('backups.run', {});
    expect(taken.error).toBeUndefined();
    expect(taken.value.backups[0]).toMatchObject({ reason: 'manuelle', takenAt: '2026-11-30T09:00:00Z' });
    expect(taken.value.backups[0].sizeBytes).toBeGreaterThan(10_000);
    expect(taken.value.backups[0].name).toMatch(/^portail-famille-2026-11-30T090000Z-manuelle\.(sqlite|dump)$/);
    const audit = await fixture.core.db('audit_log').where({ action: 'backup.create' }).first('details_json');
    expect(JSON.parse(audit.details_json).file).toBe(taken.value.backups[0].name);
  });

  it('taken while an invoice run writes holds the run whole or not at all', async () => {
    const invoicesBefore = await count(fixture.core.db, 'invoices');
    const billedBefore = await count(fixture.core.db, 'planning_day_invoices');
    const { config, settings } = fixture.core.backups;
    const run = fixture.staff('billing.issue', { month: '2026-11' });
    const backup = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
      takeBackup(config, settings, new Date('2026-11-30T09:00:05Z'), 'manuelle'),
    );
    const [issued, taken] = await Promise.all([run, backup]);
    expect(issued.ok).toBe(true);
    const invoicesAfter = await count(fixture.core.db, 'invoices');
    expect(invoicesAfter).toBeGreaterThan(invoicesBefore);
    const billedAfter = await count(fixture.core.db, 'planning_day_invoices');

    const copy = await restoredCopy(path.join(settings.dir, taken.name));
    try {
      const invoices = await count(copy.db, 'invoices');
      const billed = await count(copy.db, 'planning_day_invoices');
      // Before the run or after it, never between: its invoices and the days they mark go together.
      expect([
        [invoicesBefore, billedBefore],
        [invoicesAfter, billedAfter],
      ]).toContainEqual([invoices, billed]);
      expect(await count(copy.db, 'families')).toBe(await count(fixture.core.db, 'families'));
    } finally {
      await copy.drop();
    }
  });

  it('keeps only the newest, as many as set — and the one just taken even when the clock went back; readable by its owner only', async () => {
    const { config, settings } = fixture.core.backups;
    for (const minute of [10, 11, 12, 13]) await takeBackup(config, settings, new Date(`2026-11-30T10:${minute}:00Z`), 'manuelle');
    const kept = listBackups(settings);
    expect(kept).toHaveLength(settings.keep);
    expect(kept[0]!.takenAt).toBe('2026-11-30T10:13:00Z');
    const behind = await takeBackup(config, settings, new Date('2026-11-29T08:00:00Z'), 'manuelle');
    expect(behind.takenAt).toBe('2026-11-29T08:00:00Z');
    expect(listBackups(settings).map((b) => b.takenAt)).toContain('2026-11-29T08:00:00Z');
    expect(listBackups(settings)).toHaveLength(settings.keep);
    expect(fs.statSync(path.join(settings.dir, behind.name)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(settings.dir).some((name) => name.endsWith('.partiel'))).toBe(false);
  });

  it('is taken each night once, from two in the morning in Paris', async () => {
    const target = fixture.core.backups;
    expect(await takeNightlyBackup(target, fixedClock('2026-12-01T00:30:00Z'))).toBeNull(); // 01:30 in Paris
    const night = await takeNightlyBackup(target, fixedClock('2026-12-01T01:15:00Z')); // 02:15 in Paris
    expect(night).toMatchObject({ reason: 'nuit', takenAt: '2026-12-01T01:15:00Z' });
    expect(await takeNightlyBackup(target, fixedClock('2026-12-01T05:00:00Z'))).toBeNull();
    expect(await takeNightlyBackup(target, fixedClock('2026-12-02T01:15:00Z'))).toMatchObject({ reason: 'nuit' });
  });
});

describe.skipIf(Boolean(process.env.DATABASE_URL))('restoring a SQLite backup', () => {
  it('refuses a file that is not a backup, and while the application runs on the database, changing nothing', async () => {
    const config: DatabaseConfig = { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pf-restore-')) };
    try {
      const junk = path.join(config.dataDir, 'notes.sqlite');
      fs.writeFileSync(junk, 'pas une base');
      await expect(restoreBackup(config, junk, KNOWN, new Date())).rejects.toThrow(
        'Ce fichier n’est pas une sauvegarde de Portail Famille (ce n’est pas une base SQLite).',
      );
      const { settings } = fixture.core.backups;
      const backup = path.join(settings.dir, listBackups(settings)[0]!.name);
      const release = holdDatabaseLock(config); // this test's process plays the running application
      await expect(restoreBackup(config, backup, KNOWN, new Date())).rejects.toThrow(
        `L’application fonctionne sur cette base (processus ${process.pid}) : arrêtez-la avant de restaurer.`,
      );
      release();
      expect(fs.existsSync(lockFile(config))).toBe(false);
      expect(fs.existsSync(sqliteFile(config))).toBe(false);
      await expect(restoreBackup(config, backup, KNOWN.slice(0, -1), new Date())).rejects.toThrow(
        'Cette sauvegarde vient d’une version plus récente de Portail Famille : installez-la avant de restaurer.',
      );
    } finally {
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to restore the database onto itself', async () => {
    const { config } = fixture.core.backups;
    await expect(restoreBackup(config, sqliteFile(config), KNOWN, new Date())).rejects.toThrow(
      'Ce fichier est la base elle-même, pas une sauvegarde : choisissez un fichier du dossier des sauvegardes.',
    );
    expect(await count(fixture.core.db, 'families')).toBeGreaterThan(0);
  });

  it('keeps the database it replaces beside it, its journal with it', async () => {
    const config: DatabaseConfig = { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pf-restore-')) };
    try {
      fs.writeFileSync(sqliteFile(config), 'la base d’avant');
      fs.writeFileSync(`${sqliteFile(config)}-wal`, 'ses dernières écritures');
      const { settings } = fixture.core.backups;
      const { keptAside } = await restoreBackup(
        config,
        path.join(settings.dir, listBackups(settings)[0]!.name),
        KNOWN,
        new Date('2026-12-01T08:00:00Z'),
      );
      expect(fs.readFileSync(keptAside!, 'utf8')).toBe('la base d’avant');
      expect(fs.readFileSync(`${keptAside}-wal`, 'utf8')).toBe('ses dernières écritures');
      expect(fs.existsSync(`${sqliteFile(config)}-wal`)).toBe(false);
      const db = openSqlite(sqliteFile(config));
      expect(await count(db, 'families')).toBeGreaterThan(0);
      await db.destroy();
    } finally {
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    }
  });
});

/** A backup of the test database taken now, and a database of its own restored from it. */
async function backupAndCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-pg-backups-'));
  const backup = await takeBackup(fixture.core.backups.config, { dir, keep: 3 }, new Date(), 'manuelle');
  const file = path.join(dir, backup.name);
  return { dir, file, restored: await restoredCopy(file) };
}

describe.skipIf(!process.env.DATABASE_URL)('restoring a PostgreSQL backup', () => {
  it('replaces a database migrated further than the dump (a table it does not know referencing one it does), whole', async () => {
    const { file, restored } = await backupAndCopy();
    try {
      const families = await count(restored.db, 'families');
      // A newer version's table, pointing at the families, with a row: pg_restore --clean alone refused this.
      await restored.db.schema.createTable('from_a_newer_version', (t) => {
        t.increments('id');
        t.integer('family_id').references('id').inTable('families');
      });
      await restored.db('from_a_newer_version').insert({ family_id: (await restored.db('families').first('id')).id });
      await restored.db('families').insert({ family_number: '9999999999999', created_at: 'x', updated_at: 'x' });
      await restoreBackup({ databaseUrl: restored.url, dataDir: os.tmpdir() }, file, KNOWN, new Date());
      expect(await restored.db.schema.hasTable('from_a_newer_version')).toBe(false);
      expect(await count(restored.db, 'families')).toBe(families);
      expect(await restored.db('families').where({ family_number: '9999999999999' }).first()).toBeUndefined();
      // The tallies' triggers and their functions, dropped with the rest, come back with the dump.
      const triggers = (await restored.db.raw('select tgname from pg_trigger where not tgisinternal order by tgname')).rows;
      expect(triggers.map((t: { tgname: string }) => t.tgname)).toEqual(['attendance_tally', 'attendance_tally_recount']);
    } finally {
      await restored.drop();
    }
  });

  it('refuses a damaged dump and leaves the database as it was', async () => {
    const { dir, file, restored } = await backupAndCopy();
    try {
      const families = await count(restored.db, 'families');
      await restored.db('families').insert({ family_number: '9999999999998', created_at: 'x', updated_at: 'x' });
      // The file cut in its middle: its migrations read, then its data ends early.
      const damaged = path.join(dir, 'coupee.dump');
      const whole = fs.readFileSync(file);
      fs.writeFileSync(damaged, whole.subarray(0, Math.floor(whole.length * 0.6)));
      await expect(restoreBackup({ databaseUrl: restored.url, dataDir: os.tmpdir() }, damaged, KNOWN, new Date())).rejects.toThrow();
      expect(await count(restored.db, 'families')).toBe(families + 1);
    } finally {
      await restored.drop();
    }
  });
});

describe('an upgrade', () => {
  it('backs the database up before migrating it, and not a new one', async () => {
    let asked = 0;
    await rollbackLast(fixture.core.db); // this version's last migration still to apply
    await bootstrapDatabase(fixture.core.db, { production: true, now: new Date(), beforeMigrating: async () => (asked += 1) });
    expect(asked).toBe(1);
    await bootstrapDatabase(fixture.core.db, { production: true, now: new Date(), beforeMigrating: async () => (asked += 1) });
    expect(asked).toBe(1); // nothing to migrate: no copy
  });
});
