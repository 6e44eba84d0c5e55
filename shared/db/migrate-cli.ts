import { databaseConfigFromEnv, openDatabase } from './connection';
import { migrateToLatest, rollbackAll } from './migrate';

// `npm run migrate` (to the latest schema) or `npm run migrate -- down` (every migration back).
const db = openDatabase(databaseConfigFromEnv());
try {
  if (process.argv[2] === 'down') await rollbackAll(db);
  else await migrateToLatest(db);
  console.log(process.argv[2] === 'down' ? 'Migrations annulées.' : 'Base à jour.');
} finally {
  await db.destroy();
}
