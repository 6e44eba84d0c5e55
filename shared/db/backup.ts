import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory from 'knex';
import { type DatabaseConfig, sqliteFile } from './connection';

const run = promisify(execFile);

/** Where backups go and how many are kept (BACKUP_DIR, BACKUP_KEEP). */
export interface BackupSettings {
  dir: string;
  keep: number;
}

export function backupSettingsFromEnv(config: DatabaseConfig, env: NodeJS.ProcessEnv = process.env): BackupSettings {
  const keep = Number(env.BACKUP_KEEP);
  return {
    dir: path.resolve(env.BACKUP_DIR || path.join(config.dataDir, 'backups')),
    keep: Number.isInteger(keep) && keep >= 1 && keep <= 1000 ? keep : 14,
  };
}

/** Why a backup was taken: by an agent or `npm run backup`, the nightly one, or before migrating. */
export type BackupReason = 'manuelle' | 'nuit' | 'avant-migration';

export interface BackupFile {
  name: string;
  sizeBytes: number;
  /** When it was taken (ISO), read from its name. */
  takenAt: string;
  reason: BackupReason;
}

/** portail-famille-2026-12-03T091502Z-nuit.sqlite (or .dump for PostgreSQL's custom format). */
const NAME = /^portail-famille-(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})Z-(manuelle|nuit|avant-migration)\.(sqlite|dump)$/;

/** The folder's backups, the newest first; other files are not ours and are left alone. */
export function listBackups(settings: BackupSettings): BackupFile[] {
  if (!fs.existsSync(settings.dir)) return [];
  return fs
    .readdirSync(settings.dir)
    .map((name) => ({ name, match: NAME.exec(name) }))
    .filter((f) => f.match !== null)
    .map(({ name, match }) => ({
      name,
      sizeBytes: fs.statSync(path.join(settings.dir, name)).size,
      takenAt: `${match![1]}T${match![2]}:${match![3]}:${match![4]}Z`,
      reason: match![5] as BackupReason,
    }))
    .sort((a, b) => (a.name < b.name ? 1 : -1));
}

/** Said when this server cannot back up PostgreSQL by itself. */
export class BackupUnavailableError extends Error {}

/**
 * A consistent copy of the database while the application runs, into the backups folder:
 * SQLite's `VACUUM INTO` on a connection of its own (it reads one committed state: an invoice run
 * in progress is in it whole or not at all), PostgreSQL's `pg_dump` (one snapshot too). Written
 * under a temporary name and renamed when complete, so that a crash never leaves half a backup
 * named as one. The oldest beyond `keep` are then deleted.
 */
export function takeBackup(config: DatabaseConfig, settings: BackupSettings, now: Date, reason: BackupReason): Promise<BackupFile> {
  // Two at once in this process (a double click, the night job meeting an agent's click): one backup, both told.
  const running = inProgress.get(settings.dir);
  if (running) return running;
  const backup = writeBackup(config, settings, now, reason).finally(() => inProgress.delete(settings.dir));
  inProgress.set(settings.dir, backup);
  return backup;
}

const inProgress = new Map<string, Promise<BackupFile>>();

async function writeBackup(config: DatabaseConfig, settings: BackupSettings, now: Date, reason: BackupReason): Promise<BackupFile> {
  // Backups hold health data and bank details: readable by the application's user only.
  fs.mkdirSync(settings.dir, { recursive: true, mode: 0o700 });
  const stamp = now
    .toISOString()
    .replace(/[:-]/g, '')
    .replace(/^(\d{4})(\d{2})(\d{2})/, '$1-$2-$3')
    .slice(0, 17);
  const name = `portail-famille-${stamp}Z-${reason}.${config.databaseUrl ? 'dump' : 'sqlite'}`;
  const target = path.join(settings.dir, name);
  // Its own temporary name: another process backing up in the same second never shares it.
  const partial = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.partiel`;
  try {
    if (config.databaseUrl) await dumpPostgres(config.databaseUrl, partial);
    else await vacuumInto(sqliteFile(config), partial);
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true }); // a failed copy (a full disk) leaves nothing behind
  }
  // The oldest beyond `keep` go — never the one just written, even when the clock went back.
  const others = listBackups(settings).filter((b) => b.name !== name);
  for (const old of others.slice(Math.max(0, settings.keep - 1))) fs.rmSync(path.join(settings.dir, old.name), { force: true });
  return listBackups(settings).find((b) => b.name === name)!;
}

async function vacuumInto(source: string, target: string): Promise<void> {
  const connection = knexFactory({ client: 'sqlite3', connection: { filename: source }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  try {
    await connection.raw('PRAGMA busy_timeout = 30000');
    await connection.raw('VACUUM INTO ?', [target]);
  } finally {
    await connection.destroy();
  }
}

const POSTGRES_CLIENT = 'installez le client PostgreSQL (paquet « postgresql-client »)';

/** What pg_dump or pg_restore said when it failed: absent from this server, or its own message. */
class PostgresToolError extends Error {
  constructor(
    readonly missing: boolean,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Runs pg_dump or pg_restore, on a database when a URL is given: its password goes in
 * PGPASSWORD, never on the command line (where `ps` shows it to every local user).
 */
async function postgresTool(tool: 'pg_dump' | 'pg_restore', args: string[], databaseUrl?: string): Promise<string> {
  const env = { ...process.env };
  const all = [...args];
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
    all.push(`--dbname=${url.toString()}`);
  }
  try {
    return (await run(tool, all, { env, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new PostgresToolError(missing, String((error as { stderr?: string }).stderr ?? (error as Error).message).trim());
  }
}

async function dumpPostgres(databaseUrl: string, target: string): Promise<void> {
  try {
    await postgresTool('pg_dump', ['--format=custom', '--no-owner', `--file=${target}`], databaseUrl);
  } catch (error) {
    fs.rmSync(target, { force: true });
    if (!(error instanceof PostgresToolError)) throw error;
    throw new BackupUnavailableError(
      error.missing
        ? `pg_dump est introuvable sur ce serveur : ${POSTGRES_CLIENT}, ou sauvegardez la base avec les outils de votre hébergeur.`
        : `pg_dump a échoué : ${error.detail}`,
    );
  }
}

/** Said when a file cannot be restored, or not now; nothing was changed. */
export class RestoreRefusedError extends Error {}

/** Each running application holds a lock file of its own beside its SQLite file, named with its process id. */
const LOCK = /^portail-famille-(\d+)\.lock$/;
export const lockFile = (config: DatabaseConfig, pid = process.pid) => path.join(config.dataDir, `portail-famille-${pid}.lock`);

/** Taken before the database is opened for good, released at close: `npm run restore` refuses while one lives. */
export function holdDatabaseLock(config: DatabaseConfig): () => void {
  if (config.databaseUrl) return () => undefined;
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = lockFile(config);
  fs.writeFileSync(file, String(process.pid));
  return () => fs.rmSync(file, { force: true });
}

/** Whether a process lives (EPERM: it does, another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The first application process still running on this SQLite file, if any (locks of dead ones, and `except`, are ignored). */
function runningProcess(config: DatabaseConfig, except?: number): number | null {
  if (!fs.existsSync(config.dataDir)) return null;
  for (const name of fs.readdirSync(config.dataDir)) {
    const pid = Number(LOCK.exec(name)?.[1]);
    if (pid > 0 && pid !== except && alive(pid)) return pid;
  }
  return null;
}

/** Whether this process is the only application running on its SQLite file (a PostgreSQL server is shared: never). */
export function aloneOnDatabase(config: DatabaseConfig): boolean {
  return !config.databaseUrl && runningProcess(config, process.pid) === null;
}

/**
 * Puts a backup back in place of the database. Refused, changing nothing, when the file is not a
 * backup of this application (SQLite's integrity check, its tables), comes from a newer version,
 * or the application is running on this database. The database replaced is kept beside it.
 */
export async function restoreBackup(
  config: DatabaseConfig,
  file: string,
  knownMigrations: readonly string[],
  now: Date,
): Promise<{ keptAside: string | null }> {
  if (!fs.existsSync(file)) throw new RestoreRefusedError(`Fichier introuvable : ${file}`);
  if (config.databaseUrl) return restorePostgres(config.databaseUrl, file, knownMigrations, now);
  const pid = runningProcess(config);
  if (pid !== null) {
    throw new RestoreRefusedError(`L’application fonctionne sur cette base (processus ${pid}) : arrêtez-la avant de restaurer.`);
  }
  const target = sqliteFile(config);
  if (fs.existsSync(target) && fs.realpathSync(file) === fs.realpathSync(target)) {
    throw new RestoreRefusedError(
      'Ce fichier est la base elle-même, pas une sauvegarde : choisissez un fichier du dossier des sauvegardes.',
    );
  }
  await checkSqliteBackup(file, knownMigrations);
  // The copy first, under a temporary name: nothing is moved until it is complete.
  const incoming = `${target}.restauration`;
  fs.copyFileSync(file, incoming);
  fs.chmodSync(incoming, 0o600);
  let keptAside: string | null = null;
  if (fs.existsSync(target)) {
    keptAside = `${target}.avant-restauration-${now.toISOString().replace(/[:.]/g, '-')}`;
    // Its last commits may still be in the WAL: the journal files go with it.
    fs.renameSync(target, keptAside);
    for (const suffix of ['-wal', '-shm'])
      if (fs.existsSync(`${target}${suffix}`)) fs.renameSync(`${target}${suffix}`, `${keptAside}${suffix}`);
  }
  fs.renameSync(incoming, target);
  return { keptAside };
}

async function checkSqliteBackup(file: string, knownMigrations: readonly string[]): Promise<void> {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, header, 0, 16, 0);
  fs.closeSync(fd);
  if (header.toString('latin1') !== 'SQLite format 3\u0000') {
    throw new RestoreRefusedError('Ce fichier n’est pas une sauvegarde de Portail Famille (ce n’est pas une base SQLite).');
  }
  const connection = knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true });
  try {
    const [check] = await connection.raw('PRAGMA integrity_check');
    if (Object.values(check ?? {})[0] !== 'ok')
      throw new RestoreRefusedError('Cette sauvegarde est abîmée (contrôle d’intégrité de SQLite) : choisissez-en une autre.');
    for (const table of ['knex_migrations', 'commune_settings', 'families']) {
      if (!(await connection.schema.hasTable(table))) {
        throw new RestoreRefusedError('Ce fichier n’est pas une sauvegarde de Portail Famille (tables manquantes).');
      }
    }
    const recorded = (await connection('knex_migrations').pluck('name')).map(String);
    const newer = recorded.filter((name) => !knownMigrations.includes(name));
    if (newer.length > 0) {
      throw new RestoreRefusedError(
        'Cette sauvegarde vient d’une version plus récente de Portail Famille : installez-la avant de restaurer.',
      );
    }
  } finally {
    await connection.destroy();
  }
}

/** The migrations a PostgreSQL dump recorded: knex's table read out of the file, the database untouched. */
async function dumpedMigrations(file: string): Promise<string[]> {
  let stdout: string;
  try {
    stdout = await postgresTool('pg_restore', ['--data-only', '--table=knex_migrations', '--file=-', file]);
  } catch (error) {
    if (!(error instanceof PostgresToolError)) throw error;
    throw new RestoreRefusedError(
      error.missing
        ? `pg_restore est introuvable sur ce serveur : ${POSTGRES_CLIENT}.`
        : 'Ce fichier n’est pas une sauvegarde de Portail Famille (pg_restore ne peut pas le lire).',
    );
  }
  // COPY … FROM stdin; then one tab-separated row per migration (id, name, batch, time), then « \. ».
  const rows = stdout.split('\n');
  const start = rows.findIndex((line) => line.startsWith('COPY ') && line.includes('knex_migrations'));
  if (start === -1) throw new RestoreRefusedError('Ce fichier n’est pas une sauvegarde de Portail Famille (tables manquantes).');
  const end = rows.indexOf('\\.', start);
  return rows.slice(start + 1, end).map((line) => line.split('\t')[1] ?? '');
}

async function restorePostgres(
  databaseUrl: string,
  file: string,
  knownMigrations: readonly string[],
  now: Date,
): Promise<{ keptAside: string | null }> {
  const probe = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    // The application names its connections (application_name): none may be open on this database.
    const others = await probe.raw(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'portail-famille' and pid <> pg_backend_pid()",
    );
    if (Number(others.rows[0]?.n ?? 0) > 0) {
      throw new RestoreRefusedError('L’application fonctionne sur cette base : arrêtez tous ses postes et portails avant de restaurer.');
    }
  } finally {
    await probe.destroy();
  }
  if ((await dumpedMigrations(file)).some((name) => !knownMigrations.includes(name))) {
    throw new RestoreRefusedError(
      'Cette sauvegarde vient d’une version plus récente de Portail Famille : installez-la avant de restaurer.',
    );
  }
  // What is replaced is dumped first, beside the backup: a restore of the wrong file is undone.
  const keptAside = `${file}.avant-restauration-${now.toISOString().replace(/[:.]/g, '-')}.dump`;
  await dumpPostgres(databaseUrl, keptAside).catch((error: unknown) => {
    throw new RestoreRefusedError(`La base actuelle n’a pas pu être mise de côté avant la restauration : ${(error as Error).message}`);
  });
  fs.chmodSync(keptAside, 0o600);
  try {
    await replaceWithDump(databaseUrl, file);
  } catch (error) {
    if (!(error instanceof PostgresToolError)) throw error;
    throw new RestoreRefusedError(
      error.missing
        ? `pg_restore ou psql est introuvable sur ce serveur : ${POSTGRES_CLIENT}.`
        : `La restauration a été refusée, la base est inchangée : ${error.detail}`,
    );
  }
  return { keptAside };
}

/**
 * Every table (and function) of the database dropped, then the dump's own: one transaction in psql, fed by
 * pg_restore's SQL as it is read (a city's dump is not held in memory). Not `pg_restore --clean`:
 * it drops only what the dump holds, so a database already migrated further (a table the dump
 * does not know, referencing one it does) refused the restore.
 */
const DROP_EVERYTHING = [
  "SELECT format('DROP TABLE IF EXISTS public.%I CASCADE', tablename) FROM pg_tables WHERE schemaname = 'public' \\gexec",
  "SELECT format('DROP VIEW IF EXISTS public.%I CASCADE', viewname) FROM pg_views WHERE schemaname = 'public' \\gexec",
  "SELECT format('DROP SEQUENCE IF EXISTS public.%I CASCADE', sequencename) FROM pg_sequences WHERE schemaname = 'public' \\gexec",
  // The attendance tallies' trigger functions (migration 34): the dump creates them again. An extension's own are left.
  "SELECT format('DROP FUNCTION IF EXISTS public.%I(%s) CASCADE', p.proname, pg_get_function_identity_arguments(p.oid)) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prokind = 'f' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') \\gexec",
  '',
].join('\n');

function replaceWithDump(databaseUrl: string, file: string): Promise<void> {
  const url = new URL(databaseUrl);
  const env = { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) };
  url.password = '';
  return new Promise((resolve, reject) => {
    const restore = spawn('pg_restore', ['--no-owner', '--no-privileges', '--file=-', file], { env });
    const psql = spawn('psql', ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', `--dbname=${url.toString()}`], {
      env,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let failure: PostgresToolError | null = null;
    const fail = (error: PostgresToolError) => {
      failure ??= error;
    };
    const said = { restore: '', psql: '' };
    restore.stderr.on('data', (chunk) => (said.restore += chunk));
    psql.stderr.on('data', (chunk) => (said.psql += chunk));
    for (const [child, name] of [
      [restore, 'restore'],
      [psql, 'psql'],
    ] as const) {
      child.on('error', (error: NodeJS.ErrnoException) => {
        fail(new PostgresToolError(error.code === 'ENOENT', error.message));
        restore.kill();
        psql.kill();
      });
      child.on('close', (code) => {
        if (code !== 0 && code !== null) fail(new PostgresToolError(false, said[name].trim() || `${name} : code ${code}`));
      });
    }
    psql.stdin.on('error', () => undefined); // psql gone first: its own error is the one said
    psql.stdin.write(DROP_EVERYTHING);
    restore.stdout.pipe(psql.stdin);
    // psql stops at the first error (ON_ERROR_STOP) inside its one transaction: nothing is changed.
    restore.on('close', (code) => {
      if (code !== 0) psql.kill();
    });
    psql.on('close', () => (failure ? reject(failure) : resolve()));
  });
}
