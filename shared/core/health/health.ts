import type { Knex } from 'knex';
import { migrations } from '../../../migrations/index';
import { type BackupSettings, listBackups } from '../../db/backup';
import { newerMigrations, recordedMigrations } from '../../db/migrate';
import { lastJobRuns } from '../jobs/scheduler';

/** What GET /sante answers: each check, and « ok » only when all of them are. */
export interface HealthReport {
  status: 'ok' | 'erreur';
  database: { reachable: boolean; client: string };
  migrations: { current: boolean; applied: number; expected: number; message?: string };
  /** The newest backup in this server's folder (null: none yet, or no folder on this door). */
  lastBackup: { takenAt: string; sizeBytes: number; reason: string } | null;
  jobs: Array<{ name: string; finishedAt: string | null; status: string | null }>;
  problems: string[];
  /** What an operator should look at without the server being out of service (backups stopped, a job failing). */
  warnings: string[];
}

/**
 * The server's health for a supervisor or a reverse proxy: the database answers, its schema is
 * this version's (none missing, none from a newer version); with the periodic jobs' last runs and
 * the last backup. Bounded: three small queries and a folder listing.
 */
export async function healthReport(db: Knex, backups?: BackupSettings, now: Date = new Date()): Promise<HealthReport> {
  const client = String(db.client.config.client);
  const expected = Object.keys(migrations).length;
  const problems: string[] = [];
  let reachable = false;
  let applied: string[] = [];
  try {
    await db.raw('select 1');
    reachable = true;
    applied = await recordedMigrations(db);
  } catch {
    problems.push(reachable ? 'Les migrations de la base ne peuvent pas être lues.' : 'La base de données ne répond pas.');
  }
  const newer = newerMigrations(applied);
  const missing = Object.keys(migrations).filter((name) => !applied.includes(name));
  let message: string | undefined;
  if (reachable && newer.length > 0) message = `Base mise à jour par une version plus récente (${newer[newer.length - 1]}).`;
  else if (reachable && missing.length > 0) message = `${missing.length} migration(s) à appliquer.`;
  if (message) problems.push(message);
  const jobs = reachable && newer.length === 0 && missing.length === 0 ? await lastJobRuns(db) : [];
  // A job that failed (PayFiP unreachable, say) is reported, not a reason to take the server out of service.
  const last = backups ? (listBackups(backups)[0] ?? null) : null;
  const warnings: string[] = [];
  // The nightly backup missed: said before a second night is lost.
  if (last && now.getTime() - Date.parse(last.takenAt) > 30 * 3_600_000) warnings.push(`Aucune sauvegarde depuis le ${last.takenAt}.`);
  for (const job of jobs) if (job.status === 'erreur') warnings.push(`La tâche « ${job.name} » a échoué à son dernier passage.`);
  return {
    status: problems.length === 0 ? 'ok' : 'erreur',
    database: { reachable, client: client === 'pg' ? 'postgresql' : 'sqlite' },
    migrations: {
      current: reachable && newer.length === 0 && missing.length === 0,
      applied: applied.length,
      expected,
      ...(message ? { message } : {}),
    },
    lastBackup: last ? { takenAt: last.takenAt, sizeBytes: last.sizeBytes, reason: last.reason } : null,
    jobs,
    problems,
    warnings,
  };
}
