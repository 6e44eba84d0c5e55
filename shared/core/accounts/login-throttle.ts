import type { Knex } from 'knex';

/** Where attempts are counted: the two login doors, and PayFiP's unsigned returns (a guessed token is a failure). */
export type LoginDoor = 'portal' | 'staff' | 'payfip';

const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_LOGIN = 5;
const MAX_FAILURES_PER_SOURCE = 20;

export const TOO_MANY_ATTEMPTS = 'Trop de tentatives de connexion échouées : réessayez dans 15 minutes.';

async function failuresSince(
  db: Knex.Transaction,
  door: LoginDoor,
  column: 'login' | 'source',
  value: string,
  since: string,
  distinctLogins = false,
): Promise<number> {
  const failures = db('login_attempts')
    .where({ door, [column]: value, succeeded: false })
    .andWhere('at', '>=', since);
  const counted = distinctLogins
    ? failures.countDistinct<{ n: number | string }[]>({ n: 'login' })
    : failures.count<{ n: number | string }[]>({ n: '*' });
  const row = await counted.first();
  return Number(row?.n ?? 0);
}

export interface ThrottleLimits {
  windowMs?: number;
  loginLimit?: number;
  sourceLimit?: number;
  /**
   * Count an address's failures by identifiant rather than by attempt: colleagues sharing one
   * workstation (every browser-mode agent is 127.0.0.1) each mistyping their own password do
   * not lock each other out, while a guesser trying identifiant after identifiant is stopped.
   */
  sourceCountsLogins?: boolean;
}

/** True when this login, or this source address, failed too often within the window (15 minutes by default). */
export async function isThrottled(
  db: Knex.Transaction,
  door: LoginDoor,
  login: string,
  source: string,
  now: Date,
  limits: ThrottleLimits = {},
): Promise<boolean> {
  const since = new Date(now.getTime() - (limits.windowMs ?? WINDOW_MS)).toISOString();
  const loginLimit = limits.loginLimit ?? MAX_FAILURES_PER_LOGIN;
  const sourceLimit = limits.sourceLimit ?? MAX_FAILURES_PER_SOURCE;
  return (
    (Number.isFinite(loginLimit) && (await failuresSince(db, door, 'login', login, since)) >= loginLimit) ||
    (Number.isFinite(sourceLimit) && (await failuresSince(db, door, 'source', source, since, limits.sourceCountsLogins)) >= sourceLimit)
  );
}

export async function recordLoginAttempt(
  db: Knex.Transaction,
  door: LoginDoor,
  login: string,
  source: string,
  succeeded: boolean,
  now: Date,
): Promise<void> {
  await db('login_attempts').insert({ door, login: login.slice(0, 120), source: source.slice(0, 60), succeeded, at: now.toISOString() });
}
