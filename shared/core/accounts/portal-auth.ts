import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { Actor } from '../context';
import { OperationError } from '../errors';
import { isThrottled, recordLoginAttempt, TOO_MANY_ATTEMPTS } from './login-throttle';
import { verifyPassword } from './password-hash';
import { clearLockout, lockedMessage, recordWrongPassword, takeLockout } from './portal-lockout';
import { newToken, tokenHash } from './tokens';
import { householdColumns, householdOf, joinResponsable, type Household } from '../home/household-header';

// A parent's session: 30 minutes without activity, 8 hours at most, as public-service portals do.
export const PORTAL_IDLE_MS = 30 * 60 * 1000;
export const PORTAL_ABSOLUTE_MS = 8 * 60 * 60 * 1000;

const BAD_CREDENTIALS = 'Identifiant ou mot de passe incorrect.';

export { lockDurationMs, lockedMessage } from './portal-lockout';

export interface PortalSession {
  actor: Extract<Actor, { kind: 'family' }>;
  csrfToken: string;
  mustChangePassword: boolean;
}

/** A session as a page request finds it: with its page header's names and unread count, read along. */
export interface ResolvedPortalSession extends PortalSession {
  household: Household;
}

export async function auditPortal(
  db: Knex.Transaction,
  at: string,
  action: string,
  accountId: number | null,
  login: string,
  source: string,
  details: Record<string, unknown> = {},
) {
  await db('audit_log').insert({
    at,
    actor_type: 'family',
    actor_id: accountId,
    actor_label: login.slice(0, 120),
    action,
    entity: 'portal_account',
    entity_id: accountId == null ? null : String(accountId),
    details_json: JSON.stringify(details),
    source: source.slice(0, 60),
    // The account's household, for its « Historique » (none for an identifiant that matches no account).
    family_id: accountId == null ? null : db('portal_accounts').where({ id: accountId }).select('family_id'),
  });
}

/** Opens a session for an account: a new random id every time (no fixation), the account's dead sessions swept. */
export async function openPortalSession(
  trx: Knex.Transaction,
  account: { id: number; family_id: number; login: string; must_change_password: unknown },
  now: Date,
): Promise<{ token: string; session: PortalSession }> {
  await trx('portal_sessions').where({ account_id: account.id }).andWhere('expires_at', '<=', now.toISOString()).delete();
  const token = newToken();
  const csrfToken = newToken();
  const id = tokenHash(token);
  await trx('portal_sessions').insert({
    id,
    account_id: account.id,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + PORTAL_ABSOLUTE_MS).toISOString(),
  });
  return {
    token,
    session: {
      actor: { kind: 'family', accountId: account.id, familyId: account.family_id, login: account.login, sessionId: id },
      csrfToken,
      mustChangePassword: Boolean(account.must_change_password),
    },
  };
}

/**
 * Checks a parent's identifiant and password and opens a new session. After five failures the
 * identifiant is locked for a growing delay; failures per source address are limited too.
 * Failed attempts and lockouts are committed even though the login fails.
 */
export async function portalLogin(
  db: Knex,
  clock: Clock,
  input: { login: string; password: string; source: string },
): Promise<{ token: string; session: PortalSession }> {
  const now = clock.now();
  const at = now.toISOString();
  const login = input.login.trim().toLowerCase();
  const outcome = await db.transaction(async (trx) => {
    if (await isThrottled(trx, 'portal', '', input.source, now, { loginLimit: Infinity })) {
      await auditPortal(trx, at, 'portal.login.source_throttled', null, login, input.source);
      return { error: TOO_MANY_ATTEMPTS } as const;
    }
    // One path for a real identifiant and an unknown one: the same queries, the same answers, the same countdown.
    const account = await trx('portal_accounts').where({ login }).first();
    const locked = await takeLockout(trx, login, now);
    if (locked) {
      await auditPortal(trx, at, 'portal.login.refused_locked', account?.id ?? null, login, input.source);
      return { error: lockedMessage(locked, now) } as const;
    }
    const passwordOk = await verifyPassword(input.password, account?.password_hash);
    if (!account || !passwordOk || account.status !== 'active') {
      await recordLoginAttempt(trx, 'portal', login, input.source, false, now);
      await auditPortal(trx, at, 'portal.login.failed', account?.id ?? null, login, input.source);
      const until = await recordWrongPassword(trx, login, now);
      if (!until) return { error: BAD_CREDENTIALS } as const;
      await auditPortal(trx, at, 'portal.login.lockout', account?.id ?? null, login, input.source, { until: until.toISOString() });
      return { error: lockedMessage(until, now) } as const;
    }
    await recordLoginAttempt(trx, 'portal', login, input.source, true, now);
    await trx('portal_accounts').where({ id: account.id }).update({ last_login_at: at });
    await clearLockout(trx, login);
    await auditPortal(trx, at, 'portal.login', account.id, login, input.source);
    return openPortalSession(trx, account, now);
  });
  if ('error' in outcome) throw new OperationError('unauthenticated', outcome.error ?? BAD_CREDENTIALS);
  return outcome;
}

/**
 * The family behind a session cookie, or null when it is unknown, idle too long or expired.
 * Every page asks: the lookup goes through `reader` (the portal's read connections), the rare
 * write (expiry, the once-a-minute « last seen ») through `db`.
 */
export async function resolvePortalSession(
  db: Knex,
  clock: Clock,
  token: string | undefined,
  reader: Knex = db,
): Promise<ResolvedPortalSession | null> {
  if (!token) return null;
  const now = clock.now();
  const id = tokenHash(token);
  const row = await joinResponsable(
    reader('portal_sessions as s').join('portal_accounts as acc', 'acc.id', 's.account_id').join('families as f', 'f.id', 'acc.family_id'),
  )
    .where('s.id', id)
    .first(
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      'acc.id as account_id',
      'acc.family_id',
      'acc.login',
      'acc.status',
      'acc.must_change_password',
      ...householdColumns(reader),
    );
  if (!row) return null;
  const idleEnd = new Date(row.last_seen_at).getTime() + PORTAL_IDLE_MS;
  if (row.status !== 'active' || now.getTime() >= idleEnd || now >= new Date(row.expires_at)) {
    await db('portal_sessions').where({ id }).delete();
    return null;
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db('portal_sessions').where({ id }).update({ last_seen_at: now.toISOString() });
  }
  return {
    actor: { kind: 'family', accountId: row.account_id, familyId: row.family_id, login: row.login, sessionId: id },
    csrfToken: row.csrf_token,
    mustChangePassword: Boolean(row.must_change_password),
    household: householdOf(row),
  };
}

export async function portalLogout(db: Knex, clock: Clock, session: PortalSession, source: string): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('portal_sessions').where({ id: session.actor.sessionId }).delete();
    await auditPortal(trx, clock.now().toISOString(), 'portal.logout', session.actor.accountId, session.actor.login, source);
  });
}
