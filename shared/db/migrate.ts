import type { Knex } from 'knex';
import { migrations } from '../../migrations/index';
import { isPostgres } from './connection';

/** Serves the migrations from the explicit list in `migrations/index.ts`. */
class ListedMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return Object.keys(migrations).sort();
  }
  getMigrationName(name: string): string {
    return name;
  }
  async getMigration(name: string): Promise<Knex.Migration> {
    const migration = migrations[name];
    if (!migration) throw new Error(`Migration inconnue : ${name}`);
    return migration;
  }
}

const migrationConfig: Knex.MigratorConfig = {
  migrationSource: new ListedMigrationSource(),
  tableName: 'knex_migrations',
};

/** The migrations the database says it went through, read from knex's own table (none for a new database). */
export async function recordedMigrations(db: Knex): Promise<string[]> {
  if (!(await db.schema.hasTable(migrationConfig.tableName!))) return [];
  return (await db(migrationConfig.tableName!).orderBy('id').pluck('name')).map(String);
}

/** Of the migrations a database recorded, those this version does not know: a newer version ran them. */
export function newerMigrations(recorded: readonly string[]): string[] {
  return recorded.filter((name) => !Object.hasOwn(migrations, name));
}

/** Thrown before anything is changed, when the database was migrated by a newer version of the application. */
export class NewerDatabaseError extends Error {}

/**
 * Brings the database to the latest migration. knex marks a lock in a table while it migrates; a
 * batch holding a migration run outside a transaction (33) commits that mark first, so a process
 * killed while migrating left it set, and knex then refused every start (« Migration table is
 * already locked »). `alone`: on SQLite, no other application process has the file open (its
 * lock files say so), so a mark found is such a leftover.
 */
export async function migrateToLatest(db: Knex, options: { alone?: boolean } = {}): Promise<void> {
  // A database a newer version migrated would be run by code that does not know its tables:
  // refuse, saying what to do, rather than knex's « migration directory is corrupt ».
  const unknown = newerMigrations(await recordedMigrations(db));
  if (unknown.length > 0) {
    throw new NewerDatabaseError(
      `Cette base de données a été mise à jour par une version plus récente de Portail Famille (migration ${unknown[unknown.length - 1]}) : installez cette version ou une plus récente. Rien n’a été modifié.`,
    );
  }
  await underMigrationLock(db, options, () => db.migrate.latest(migrationConfig));
}

/** Any number: the key of the session lock every process migrating a PostgreSQL database takes. */
const MIGRATION_ADVISORY_LOCK = 7_061_201;

/**
 * Runs a change of schema with knex's lock mark freed when it can only be a leftover. PostgreSQL:
 * under a session advisory lock, which dies with its connection; every process that migrates or
 * rolls back takes it, so a knex mark found while holding it was left by one killed. SQLite:
 * when the caller says no other application process has the file open.
 */
async function underMigrationLock(db: Knex, options: { alone?: boolean }, change: () => Promise<unknown>): Promise<void> {
  if (!isPostgres(db)) {
    if (options.alone) await db.migrate.forceFreeMigrationsLock(migrationConfig);
    await change();
    return;
  }
  const connection = await db.client.acquireConnection();
  try {
    await db.raw('select pg_advisory_lock(?)', [MIGRATION_ADVISORY_LOCK]).connection(connection);
    try {
      await db.migrate.forceFreeMigrationsLock(migrationConfig);
      await change();
    } finally {
      await db.raw('select pg_advisory_unlock(?)', [MIGRATION_ADVISORY_LOCK]).connection(connection);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/** Rolls back every migration: used by the tests that prove each one goes down cleanly. */
export async function rollbackAll(db: Knex, options: { alone?: boolean } = {}): Promise<void> {
  await underMigrationLock(db, options, () => db.migrate.rollback(migrationConfig, true));
}

/** Rolls back the last migration only: a test proves it goes down over a database in use. */
export async function rollbackLast(db: Knex): Promise<void> {
  await underMigrationLock(db, {}, () => db.migrate.down(migrationConfig));
}

export async function appliedMigrations(db: Knex): Promise<string[]> {
  const [done] = (await db.migrate.list(migrationConfig)) as [Array<{ name: string } | string>, unknown];
  return done.map((m) => (typeof m === 'string' ? m : m.name));
}
