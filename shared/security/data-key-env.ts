import fs from 'node:fs';
import path from 'node:path';
import { type DataKey, DataKeyError, generateDataKey, parseDataKey } from './sealed-secrets';

/** Where a demo or a development machine keeps the key it generated, beside its database. */
export const GENERATED_KEY_FILE = 'cle-donnees.txt';

export interface DataKeys {
  current: DataKey;
  previous: DataKey[];
  /** The file a key was generated into, this start (the demo), to say so once. */
  generatedInto?: string;
  /** What the start should say: a key file others can read. */
  warnings: string[];
}

const HOW_TO =
  'Définissez DATA_KEY (64 caractères hexadécimaux, générés par « npm run data-key ») ou DATA_KEY_FILE (un fichier qui la contient), et gardez-la hors des sauvegardes : sans elle, les coordonnées bancaires et le mot de passe SMTP ne se lisent plus.';

/**
 * The data key from the environment: DATA_KEY, or DATA_KEY_FILE naming a file holding it;
 * DATA_KEY_PREVIOUS (comma-separated) for the keys being replaced. A production server without one
 * refuses to start, and so does any process on a shared PostgreSQL database (a key generated on one
 * workstation would seal the database for it alone); the demo on its own SQLite file generates one
 * beside it.
 */
export function dataKeysFromEnv(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  options: { production: boolean; sharedDatabase: boolean },
): DataKeys {
  const warnings: string[] = [];
  const previous = (env.DATA_KEY_PREVIOUS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map(parseDataKey);
  if (env.DATA_KEY) return { current: parseDataKey(env.DATA_KEY), previous, warnings };
  if (env.DATA_KEY_FILE) return { current: parseDataKey(readKeyFile(env.DATA_KEY_FILE, warnings)), previous, warnings };
  if (options.production) throw new DataKeyError(`Aucune clé de chiffrement des données. ${HOW_TO}`);
  if (options.sharedDatabase)
    throw new DataKeyError(`Aucune clé de chiffrement des données pour cette base PostgreSQL partagée. ${HOW_TO}`);
  const file = path.join(dataDir, GENERATED_KEY_FILE);
  if (fs.existsSync(file)) return { current: parseDataKey(readKeyFile(file, warnings)), previous, warnings };
  fs.mkdirSync(dataDir, { recursive: true });
  // wx: two processes starting together on a new folder keep the one key the first wrote.
  try {
    fs.writeFileSync(file, `${generateDataKey()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { current: parseDataKey(readKeyFile(file, warnings)), previous, warnings };
  }
  return { current: parseDataKey(readKeyFile(file, warnings)), previous, generatedInto: file, warnings };
}

function readKeyFile(file: string, warnings: string[]): string {
  try {
    // Readable by the group or everyone: said at each start, not refused (a container may mount it so).
    if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0)
      warnings.push(`Le fichier de clé ${file} est lisible par d’autres comptes que celui du serveur : chmod 600.`);
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new DataKeyError(`Fichier de clé illisible : ${file}. ${HOW_TO}`);
  }
}
