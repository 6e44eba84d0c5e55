import type { Knex } from 'knex';
import { migrations } from '../../../migrations/index';
import { recordedMigrations } from '../../db/migrate';

/** What GET /sante answers: each check, and « ok » only when all of them are. */
export interface HealthReport {
  status: 'ok' | 'erreur';
  database: { reachable: boolean; client: string };
  migrations: { current: boolean; applied: number; expected: number; message?: string };
  problems: string[];
}

/**
 * The server's health for a supervisor or a reverse proxy: the database answers, and its schema
 * is this version's (none missing, none from a newer version). Bounded: two small queries.
 */
export async function healthReport(db: Knex): Promise<HealthReport> {
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
  const known = new Set(Object.keys(migrations));
  const newer = applied.filter((name) => !known.has(name));
  const missing = Object.keys(migrations).filter((name) => !applied.includes(name));
  let message: string | undefined;
  if (reachable && newer.length > 0) message = `Base mise à jour par une version plus récente (${newer[newer.length - 1]}).`;
  else if (reachable && missing.length > 0) message = `${missing.length} migration(s) à appliquer.`;
  if (message) problems.push(message);
  return {
    status: problems.length === 0 ? 'ok' : 'erreur',
    database: { reachable, client: client === 'pg' ? 'postgresql' : 'sqlite' },
    migrations: {
      current: reachable && newer.length === 0 && missing.length === 0,
      applied: applied.length,
      expected,
      ...(message ? { message } : {}),
    },
    problems,
  };
}
