import { databaseConfigFromEnv, openDatabase } from './connection';
import { migrateToLatest, rollbackAll } from './migrate';
import { aloneOnDatabase, holdDatabaseLock } from './backup';
import { dataKeysFromEnv } from '../security/data-key-env';
import { installDataKeys } from '../security/sealed-secrets';

// `npm run migrate` (to the latest schema) or `npm run migrate -- down` (every migration back).
const config = databaseConfigFromEnv();
// Going down opens the sealed values again, with the key a start would use.
if (process.argv[2] === 'down') {
  const keys = dataKeysFromEnv(process.env, config.dataDir, {
    production: process.env.NODE_ENV === 'production',
    sharedDatabase: Boolean(config.databaseUrl),
  });
  installDataKeys(keys.current, keys.previous);
}
// Held as a server holds it: a server starting meanwhile knows it is not alone on the file.
const releaseLock = holdDatabaseLock(config);
const db = openDatabase(config);
try {
  const alone = aloneOnDatabase(config);
  if (process.argv[2] === 'down') await rollbackAll(db, { alone });
  else await migrateToLatest(db, { alone });
  console.log(process.argv[2] === 'down' ? 'Migrations annulées.' : 'Base à jour.');
} finally {
  await db.destroy();
  releaseLock();
}
