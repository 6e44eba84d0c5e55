import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { Actor } from '../context';
import { OperationError } from '../errors';
import { isThrottled, recordLoginAttempt, TOO_MANY_ATTEMPTS } from './login-throttle';
import { verifyPassword } from './password-hash';
import { newToken, tokenHash } from './tokens';

// A parent's session: 30 minutes without activity, 8 hours at most, as public-service portals do.
export const PORTAL_IDLE_MS = 30 * 60 * 1000;
export const PORTAL_ABSOLUTE_MS = 8 * 60 * 60 * 1000;

const BAD_CREDENTIALS = 'Identifiant ou mot de passe incorrect.';

export interface PortalSession {
  actor: Extract<Actor, { kind: 'family' }>;
  csrfToken: string;
  mustChangePassword: boolean;
}

async function auditPortal(db: Knex.Transaction, at: string, action: string, accountId: number | null, login: string, source: string) {
  await db('audit_log').insert({
    at, actor_type: 'family', actor_id: accountId, actor_label: login.slice(0, 120), action,
    entity: 'portal_account', entity_id: accountId == null ? null : String(accountId), details_json: '{}', source: source.slice(0, 60),
  });
}

/**
 * Checks a parent's identifiant and password and opens a new session (a new id at every login:
 * no session fixation). Failed attempts are committed even though the login fails.
 */
export async function portalLogin(
  db: Knex,
  clock: Clock,
  input: { login: string; password: string; source: string },
): Promise<{ token: string; session: PortalSession }> {
  const now = clock.now();
  const login = input.login.trim().toLowerCase();
  const outcome = await db.transaction(async (trx) => {
    if (await isThrottled(trx, 'portal', login, input.source, now)) {
      await auditPortal(trx, now.toISOString(), 'portal.login.locked', null, login, input.source);
      return { error: TOO_MANY_ATTEMPTS } as const;
    }
    const account = await trx('portal_accounts').where({ login }).first();
    const passwordOk = await verifyPassword(input.password, account?.password_hash);
    if (!account || !passwordOk || account.status !== 'active') {
      await recordLoginAttempt(trx, 'portal', login, input.source, false, now);
      await auditPortal(trx, now.toISOString(), 'portal.login.failed', account?.id ?? null, login, input.source);
      return { error: BAD_CREDENTIALS } as const;
    }
    await recordLoginAttempt(trx, 'portal', login, input.source, true, now);
    await trx('portal_accounts').where({ id: account.id }).update({ last_login_at: now.toISOString(), failed_attempts: 0 });
    const token = newToken();
    const csrfToken = newToken();
    const id = tokenHash(token);
    await trx('portal_sessions').insert({
      id, account_id: account.id, csrf_token: csrfToken,
      created_at: now.toISOString(), last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + PORTAL_ABSOLUTE_MS).toISOString(),
    });
    await auditPortal(trx, now.toISOString(), 'portal.login', account.id, login, input.source);
    const session: PortalSession = {
      actor: { kind: 'family', accountId: account.id, familyId: account.family_id, login, sessionId: id },
      csrfToken,
      mustChangePassword: Boolean(account.must_change_password),
    };
    return { token, session } as const;
  });
  if ('error' in outcome) throw new OperationError('unauthenticated', outcome.error ?? BAD_CREDENTIALS);
  return outcome;
}

/** The family behind a session cookie, or null when it is unknown, idle too long or expired. */
export async function resolvePortalSession(db: Knex, clock: Clock, token: string | undefined): Promise<PortalSession | null> {
  if (!token) return null;
  const now = clock.now();
  const id = tokenHash(token);
  const row = await db('portal_sessions as s')
    .join('portal_accounts as a', 'a.id', 's.account_id')
    .where('s.id', id)
    .first('s.csrf_token', 's.last_seen_at', 's.expires_at', 'a.id as account_id', 'a.family_id', 'a.login', 'a.status', 'a.must_change_password');
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
  };
}

export async function portalLogout(db: Knex, clock: Clock, session: PortalSession, source: string): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('portal_sessions').where({ id: session.actor.sessionId }).delete();
    await auditPortal(trx, clock.now().toISOString(), 'portal.logout', session.actor.accountId, session.actor.login, source);
  });
}
