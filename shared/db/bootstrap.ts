import type { Knex } from 'knex';
import { migrations } from '../../migrations/index';
import { migrateToLatest, newerMigrations, recordedMigrations } from './migrate';
import { installShippedCalendar } from './shipped-calendar';

export interface BootstrapResult {
  created: boolean;
  demoSeeded: boolean;
}

/** Fills a new, empty database with a demo (the demo commune lives above the core: shared/demo). */
export type DemoSeeder = (db: Knex, now: Date) => Promise<void>;

/**
 * Brings a database to the latest schema and, when it holds no commune yet, we are not in
 * production and a demo is given, fills it with that demo. A production database is never seeded.
 */
export async function bootstrapDatabase(
  db: Knex,
  options: {
    production: boolean;
    now: Date;
    seedDemo?: DemoSeeder;
    beforeMigrating?: () => Promise<unknown>;
    /** No other application process has this SQLite file open: a migration lock found was left by one killed. */
    alone?: boolean;
  },
): Promise<BootstrapResult> {
  const created = !(await db.schema.hasTable('knex_migrations')) || !(await db.schema.hasTable('commune_settings'));
  // A database in use about to change shape is copied first: an upgrade gone wrong is undone by a restore.
  const recorded = created ? [] : await recordedMigrations(db);
  const pending = Object.keys(migrations).some((name) => !recorded.includes(name));
  if (!created && pending && newerMigrations(recorded).length === 0) await options.beforeMigrating?.();
  await migrateToLatest(db, { alone: options.alone });
  // Empty: no commune, no family, no agent — new, or a demo seed killed before its one
  // transaction committed (the migrations had): seeding it now is the operation done again. A
  // commune's own database has its first admin (npm run create-admin): never seeded.
  const empty =
    !(await db('commune_settings').first('id')) && !(await db('families').first('id')) && !(await db('staff_users').first('id'));
  if (empty && !options.production && options.seedDemo) {
    await options.seedDemo(db, options.now);
    return { created, demoSeeded: true };
  }
  await db.transaction((trx) => installShippedCalendar(trx));
  return { created, demoSeeded: false };
}
