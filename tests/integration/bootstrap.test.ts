import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapDatabase } from '../../shared/db/bootstrap';
import { seedDemoCommune } from '../../shared/demo/demo-seed';
import { TEST_NOW } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.destroy();
  database = undefined;
});

const count = async (table: string) => Number((await database!.db(table).count<{ n: number }[]>({ n: '*' }).first())!.n);

describe('a new database', () => {
  it('gets the demo commune of the manual outside production', async () => {
    database = await createTestDatabase();
    const result = await bootstrapDatabase(database.db, { production: false, now: new Date(TEST_NOW), seedDemo: seedDemoCommune });
    expect(result).toEqual({ created: true, demoSeeded: true });
    const settings = await database.db('commune_settings').first();
    expect(settings).toMatchObject({
      name: "Mairie de Saint-Martin-d'Auxigny",
      phone: '02 48 66 61 61',
      email: 'contact@stmartin-auxigny.fr',
      treasury_phone: '02 48 64 40 72',
      payfip_client_number: '018110',
      school_zone: 'B',
    });
    const services = await database
      .db('services as s')
      .join('structures as st', 'st.id', 's.structure_id')
      .orderBy('s.position')
      .select('st.name as structure', 's.name');
    expect(services.map((s) => `${s.structure} ${s.name}`)).toEqual([
      'Accueil de Loisirs ALSH Mercredi après-midi',
      'Accueil de Loisirs ALSH Mercredi journée',
      'Accueil de Loisirs ALSH Vacances après-midi',
      'Accueil de Loisirs ALSH Vacances journée',
      'Accueil de Loisirs ALSH Vacances matin',
      'Garderie périscolaire Garderie matin',
      'Garderie périscolaire Restauration scolaire',
    ]);
    const dupont = await database.db('families').where({ family_number: '1001001010331' }).first('id');
    const adults = await database.db('family_adults').where({ family_id: dupont.id }).orderBy('role', 'desc').select('role', 'first_name');
    expect(adults).toEqual([
      { role: 'responsable', first_name: 'JEAN' },
      { role: 'conjoint', first_name: 'JEANNE' },
    ]);
    const attended = await database.db('planning_days').whereNotNull('attendance').where('date', '<', '2026-11-30');
    expect(attended.length).toBeGreaterThan(100); // a term of canteen, garderie and Wednesdays
    expect(await database.db('planning_days').where({ date: '2026-11-11' }).first()).toBeUndefined(); // Armistice: no service
    expect(await database.db('planning_days').whereBetween('date', ['2026-10-17', '2026-11-01']).first()).toBeUndefined(); // Toussaint
    // September and October are billed (issued on the 5th of the next month), November not yet.
    expect(await database.db('invoices').distinct('period_month', 'issued_on').orderBy('period_month')).toEqual([
      { period_month: '2026-09', issued_on: '2026-10-05' },
      { period_month: '2026-10', issued_on: '2026-11-05' },
    ]);
    const unread = await database.db('messages').where({ family_id: dupont.id, direction: 'to_family' }).whereNull('read_by_family_at');
    expect(unread).toHaveLength(1);
    const { publicHolidaysBetween } = await import('../../shared/core/planning/public-holidays');
    expect([...(await publicHolidaysBetween(database.db, '2027-03-01', '2027-05-31'))]).toEqual([
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-08',
      '2027-05-17',
    ]);
  });

  it('is never seeded in production', async () => {
    database = await createTestDatabase();
    expect(await bootstrapDatabase(database.db, { production: true, now: new Date(TEST_NOW), seedDemo: seedDemoCommune })).toEqual({
      created: true,
      demoSeeded: false,
    });
    for (const table of ['commune_settings', 'staff_users', 'families', 'portal_accounts']) expect(await count(table)).toBe(0);
    // …but every commune gets the school calendar shipped with the version.
    expect(await count('school_years')).toBe(2);
    expect(
      await database.db('holidays').where({ zone: 'B', name: "Vacances d'hiver" }).count<{ n: number }[]>({ n: '*' }).first(),
    ).toMatchObject({ n: expect.anything() });
  });

  it('is seeded once: a second start changes nothing', async () => {
    database = await createTestDatabase();
    await bootstrapDatabase(database.db, { production: false, now: new Date(TEST_NOW), seedDemo: seedDemoCommune });
    const families = await count('families');
    expect(await bootstrapDatabase(database.db, { production: false, now: new Date(TEST_NOW), seedDemo: seedDemoCommune })).toEqual({
      created: false,
      demoSeeded: false,
    });
    expect(await count('families')).toBe(families);
  });
});

describe('a start after a server killed while it migrated', () => {
  // knex marks its lock in knex_migrations_lock; a process killed while migrating leaves the mark.
  const leaveMigrationLockSet = () => database!.db('knex_migrations_lock').update({ is_locked: 1 });

  it('migrates and starts: the lock it left is freed (PostgreSQL: under an advisory lock; SQLite: alone on its file)', async () => {
    database = await createTestDatabase();
    await bootstrapDatabase(database.db, { production: true, now: new Date(TEST_NOW) });
    await leaveMigrationLockSet();
    const again = await bootstrapDatabase(database.db, { production: true, now: new Date(TEST_NOW), alone: true });
    expect(again).toEqual({ created: false, demoSeeded: false });
    expect(await database.db('knex_migrations_lock').first('is_locked')).toEqual({ is_locked: 0 });
  });

  // On PostgreSQL the advisory lock decides: the case above.
  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'on SQLite, leaves the lock alone while another application process has the file open',
    async () => {
      database = await createTestDatabase();
      await bootstrapDatabase(database.db, { production: true, now: new Date(TEST_NOW) });
      await leaveMigrationLockSet();
      await expect(bootstrapDatabase(database.db, { production: true, now: new Date(TEST_NOW), alone: false })).rejects.toThrow(/locked/);
    },
  );

  it('migrates once when two processes start on a new database at once', async () => {
    const opened = await createTestDatabase();
    database = opened;
    const { openDatabases } = await import('../../shared/db/connection');
    // A second process's own connections to the same database.
    const other = openDatabases(opened.config);
    try {
      const start = (db: typeof opened.db) => bootstrapDatabase(db, { production: true, now: new Date(TEST_NOW), alone: false });
      const results = await Promise.allSettled([start(opened.db), start(other.db)]);
      if (opened.kind === 'postgres') expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      else {
        // SQLite, one file for one application: of two started at once, one or both may be told the
        // file is busy or being migrated (measured: both, under faketime) — never a migration done
        // twice, never a lock left behind: the next start, alone, completes.
        await start(opened.db).catch(() => bootstrapDatabase(opened.db, { production: true, now: new Date(TEST_NOW), alone: true }));
        expect(await bootstrapDatabase(opened.db, { production: true, now: new Date(TEST_NOW), alone: true })).toEqual({
          created: false,
          demoSeeded: false,
        });
      }
      const names = await opened.db('knex_migrations').pluck('name');
      expect(new Set(names).size).toBe(names.length);
      expect(await opened.db.schema.hasTable('attendance_tallies')).toBe(true);
    } finally {
      await other.reader.destroy();
      await other.db.destroy();
    }
  });
});

describe('whether a server is alone on its SQLite file', () => {
  it('says so from the lock files beside it: its own and a dead process’s do not count, a living one’s does', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { aloneOnDatabase, holdDatabaseLock, lockFile } = await import('../../shared/db/backup');
    const config = { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pf-alone-')) };
    try {
      const release = holdDatabaseLock(config);
      expect(aloneOnDatabase(config)).toBe(true);
      // A process killed long ago (its number beyond any the system gives) left its lock file.
      fs.writeFileSync(lockFile(config, 4_194_000), '4194000');
      expect(aloneOnDatabase(config)).toBe(true);
      // The test runner's parent is alive: another application on the file.
      fs.writeFileSync(lockFile(config, process.ppid), String(process.ppid));
      expect(aloneOnDatabase(config)).toBe(false);
      release();
      expect(aloneOnDatabase({ dataDir: config.dataDir, databaseUrl: 'postgres://x/y' })).toBe(false);
    } finally {
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    }
  });
});
