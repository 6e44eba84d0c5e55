import type { Knex } from 'knex';
import { isPostgres } from '../../db/connection';

// The lockout of a portal identifiant, kept per identifiant typed — whether an account has it or
// not — so that a real identifiant and an unknown one answer alike at every attempt: same
// message, same countdown, same growing delay (issue 14: five tries told them apart).

const FAILURES_BEFORE_LOCK = 5;
const FIRST_LOCK_MS = 5 * 60 * 1000;
const MAX_LOCK_MS = 24 * 60 * 60 * 1000;

/** Each new lockout of an identifiant lasts three times the previous one: 5 min, 15 min, 45 min… a day at most. */
export function lockDurationMs(previousLockouts: number): number {
  return Math.min(FIRST_LOCK_MS * 3 ** previousLockouts, MAX_LOCK_MS);
}

/** Said whether or not the password was right, and whether or not the identifiant exists. */
export function lockedMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Trop de tentatives de connexion infructueuses : cet identifiant est bloqué pour ${minutes} minute${minutes > 1 ? 's' : ''}. Réessayez plus tard ou utilisez « Mot de passe oublié ».`;
}

interface LockoutRow {
  failed_attempts: number;
  locked_until: string | null;
  lockout_count: number;
}

async function lockoutOf(db: Knex | Knex.Transaction, login: string): Promise<LockoutRow | undefined> {
  return db('portal_login_lockouts').where({ login }).first('failed_attempts', 'locked_until', 'lockout_count');
}

/**
 * The identifiant's lockout row, taken for this transaction before its password is checked:
 * on PostgreSQL, parallel guesses at one identifiant wait for each other (each reads the count
 * the previous one wrote), so five wrong passwords lock it however many arrive at once. SQLite
 * has one writer: its transactions are already one after the other. Returns the end of a
 * lockout in force, or null.
 */
export async function takeLockout(trx: Knex.Transaction, login: string, now: Date): Promise<Date | null> {
  await trx('portal_login_lockouts')
    .insert({ login, failed_attempts: 0, lockout_count: 0, locked_until: null, updated_at: now.toISOString() })
    .onConflict('login')
    .ignore();
  const query = trx('portal_login_lockouts').where({ login });
  const row: LockoutRow | undefined = await (isPostgres(trx) ? query.forUpdate() : query).first(
    'failed_attempts',
    'locked_until',
    'lockout_count',
  );
  return row?.locked_until && new Date(row.locked_until) > now ? new Date(row.locked_until) : null;
}

/** When the identifiant is locked, until when; otherwise null. */
export async function lockedUntil(db: Knex | Knex.Transaction, login: string, now: Date): Promise<Date | null> {
  const row = await lockoutOf(db, login);
  return row?.locked_until && new Date(row.locked_until) > now ? new Date(row.locked_until) : null;
}

/**
 * One more wrong password for this identifiant (at login, or as the current password in
 * « Changer mot de passe »). Returns the end of the lockout it starts, if it is the fifth.
 */
export async function recordWrongPassword(trx: Knex.Transaction, login: string, now: Date): Promise<Date | null> {
  const row = await lockoutOf(trx, login);
  const failures = Number(row?.failed_attempts ?? 0) + 1;
  const lockouts = Number(row?.lockout_count ?? 0);
  const until = failures >= FAILURES_BEFORE_LOCK ? new Date(now.getTime() + lockDurationMs(lockouts)) : null;
  await trx('portal_login_lockouts')
    .insert({ login, failed_attempts: 0, lockout_count: 0, locked_until: null, updated_at: now.toISOString() })
    .onConflict('login')
    .ignore();
  await trx('portal_login_lockouts')
    .where({ login })
    .update(
      until
        ? { failed_attempts: 0, locked_until: until.toISOString(), lockout_count: lockouts + 1, updated_at: now.toISOString() }
        : { failed_attempts: failures, updated_at: now.toISOString() },
    );
  return until;
}

/** A successful login, a new password or an agent's unlock: the identifiant starts afresh. */
export async function clearLockout(db: Knex | Knex.Transaction, login: string): Promise<void> {
  await db('portal_login_lockouts').where({ login }).delete();
}
