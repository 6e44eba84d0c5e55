import type { Knex } from 'knex';
import { migrations } from '../../migrations/index';

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

export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest(migrationConfig);
}

/** Rolls back every migration: used by the tests that prove each one goes down cleanly. */
export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback(migrationConfig, true);
}

/** Rolls back the last migration only: a test proves it goes down over a database in use. */
export async function rollbackLast(db: Knex): Promise<void> {
  await db.migrate.down(migrationConfig);
}

export async function appliedMigrations(db: Knex): Promise<string[]> {
  const [done] = (await db.migrate.list(migrationConfig)) as [Array<{ name: string } | string>, unknown];
  return done.map((m) => (typeof m === 'string' ? m : m.name));
}
