import readline from 'node:readline/promises';
import { staffCreateInput } from '../contracts/staff';
import { insertStaffUser } from '../core/accounts/staff-auth';
import { validationError } from '../core/validation';
import { OperationError } from '../core/errors';
import { migrateToLatest } from './migrate';
import { aloneOnDatabase, holdDatabaseLock } from './backup';
import { databaseConfigFromEnv, openDatabase } from './connection';

// `npm run create-admin -- <identifiant> "<Nom affiché>"`: creates an admin account on the
// database DATA_DIR / DATABASE_URL points at (a production one, typically). The password is
// read from ADMIN_PASSWORD or asked on the terminal, never passed on the command line.
const [username, displayName] = process.argv.slice(2);
if (!username || !displayName) {
  console.error('Usage : npm run create-admin -- <identifiant> "<Nom affiché>"   (mot de passe : ADMIN_PASSWORD ou saisi)');
  process.exit(2);
}

async function askPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const password = await rl.question('Mot de passe (12 caractères ou plus recommandés) : ');
  rl.close();
  return password;
}

const parsed = staffCreateInput.safeParse({ username, displayName, password: await askPassword(), role: 'admin' });
if (!parsed.success) {
  const error = validationError(parsed.error);
  console.error(Object.values(error.fields ?? {}).join('\n') || error.message);
  process.exit(2);
}
const config = databaseConfigFromEnv();
// Held as a server holds it: a server starting meanwhile knows it is not alone on the file.
const releaseLock = holdDatabaseLock(config);
const db = openDatabase(config);
try {
  await migrateToLatest(db, { alone: aloneOnDatabase(config) });
  const user = await db.transaction(async (trx) => {
    const created = await insertStaffUser(trx, parsed.data, new Date().toISOString());
    await trx('audit_log').insert({
      at: new Date().toISOString(),
      actor_type: 'system',
      actor_label: 'create-admin',
      action: 'staff.create',
      entity: 'staff_user',
      entity_id: String(created.id),
      details_json: JSON.stringify({ username: created.username, role: 'admin' }),
      source: 'cli',
    });
    return created;
  });
  console.log(`Compte administrateur « ${user.username} » créé.`);
} catch (error) {
  console.error(error instanceof OperationError ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
  releaseLock();
}
