import type { Knex } from 'knex';
import { migrateToLatest } from './migrate';
import { seedDemoCommune } from './demo-seed';
import { installShippedCalendar } from './shipped-calendar';

export interface BootstrapResult {
  created: boolean;
  demoSeeded: boolean;
}

/**
 * Brings a database to the latest schema and, when it was empty and we are not in production,
 * fills it with the demo commune. A production database is never seeded.
 */
export async function bootstrapDatabase(db: Knex, options: { production: boolean; now?: Date }): Promise<BootstrapResult> {
  const created = !(await db.schema.hasTable('knex_migrations')) || !(await db.schema.hasTable('commune_settings'));
  await migrateToLatest(db);
  const empty = !(await db('commune_settings').first('id'));
  if (empty && created && !options.production) {
    await seedDemoCommune(db, options.now ?? new Date());
    return { created, demoSeeded: true };
  }
  await db.transaction((trx) => installShippedCalendar(trx));
  return { created, demoSeeded: false };
}
