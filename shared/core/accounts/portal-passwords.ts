import type { Knex } from 'knex';
import type { Clock } from '../clock';
import { OperationError } from '../errors';
import { queueEmail } from '../mail/mailer';
import { auditPortal, type PortalSession } from './portal-auth';
import { passwordChangedEmail, resetEmail } from './portal-emails';
import { familyRecipient, findUsableToken, issuePortalToken, portalBaseUrl, type PortalTokenPurpose } from './portal-tokens';
import { newPasswordErrors, throwIfAny } from './password-rules';
import { hashPassword, verifyPassword } from './password-hash';
import { clearLockout, lockedMessage, recordWrongPassword, takeLockout } from './portal-lockout';
import { recordLoginAttempt } from './login-throttle';

const MAX_RESET_MAILS_PER_HOUR = 3;

export interface NewPasswordInput {
  password: string;
  confirm: string;
}

async function communeName(db: Knex | Knex.Transaction): Promise<string> {
  return (await db('commune_settings').where({ id: 1 }).first('name'))?.name ?? 'Mairie';
}

/** Sets a new password on an account and ends every session it had: whoever held one is out. */
async function storeNewPassword(
  trx: Knex.Transaction,
  accountId: number,
  password: string,
  now: Date,
  keepSessionId?: string,
): Promise<void> {
  await trx('portal_accounts')
    .where({ id: accountId })
    .update({
      password_hash: await hashPassword(password),
      must_change_password: false,
      status: 'active',
      password_changed_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
  const account = await trx('portal_accounts').where({ id: accountId }).first('login');
  if (account) await clearLockout(trx, account.login);
  const sessions = trx('portal_sessions').where({ account_id: accountId });
  if (keepSessionId) sessions.whereNot({ id: keepSessionId });
  await sessions.delete();
}

/** True while an activation or reset link can still be used: the page shows the form, or says it expired. */
export async function isTokenUsable(db: Knex, clock: Clock, token: string, purpose: PortalTokenPurpose): Promise<boolean> {
  return (await findUsableToken(db, token, purpose, clock.now())) !== null;
}

/** Activation (first password) or forgotten password: the link is used once, then never again. */
export async function completePasswordWithToken(
  db: Knex,
  clock: Clock,
  input: NewPasswordInput & { token: string; purpose: PortalTokenPurpose; source: string },
): Promise<{ login: string }> {
  const now = clock.now();
  return db.transaction(async (trx) => {
    const account = await findUsableToken(trx, input.token, input.purpose, now);
    if (!account) throw new OperationError('not_found', 'Ce lien n’est plus valable : il a déjà servi ou il a expiré.');
    throwIfAny(newPasswordErrors(input.password, input.confirm, account.login));
    // Mark the link used in the same UPDATE that checks it is unused: two clicks, one success.
    const used = await trx('portal_tokens').where({ id: account.token_id }).whereNull('used_at').update({ used_at: now.toISOString() });
    if (used !== 1) throw new OperationError('not_found', 'Ce lien n’est plus valable : il a déjà servi ou il a expiré.');
    await storeNewPassword(trx, account.id, input.password, now);
    await auditPortal(
      trx,
      now.toISOString(),
      input.purpose === 'activation' ? 'portal.account.activated' : 'portal.password.reset',
      account.id,
      account.login,
      input.source,
    );
    return { login: account.login };
  });
}

/**
 * « Mot de passe oublié »: e-mails a one-hour link when the identifiant exists and is active.
 * The caller answers the same thing either way, so the form tells nobody which identifiants exist.
 */
export async function requestPasswordReset(
  db: Knex,
  clock: Clock,
  input: { login: string; source: string; fallbackBaseUrl: string },
): Promise<{ queued: boolean }> {
  const now = clock.now();
  const login = input.login.trim().toLowerCase();
  return db.transaction(async (trx) => {
    const account = await trx('portal_accounts').where({ login }).first('id', 'family_id', 'login', 'status');
    if (account?.status !== 'active') {
      await auditPortal(trx, now.toISOString(), 'portal.reset.unknown', null, login, input.source);
      return { queued: false };
    }
    const recent = await trx('portal_tokens')
      .where({ account_id: account.id, purpose: 'reset' })
      .andWhere('created_at', '>', new Date(now.getTime() - 60 * 60 * 1000).toISOString())
      .count<{ n: number }[]>({ n: '*' })
      .first();
    const recipient = await familyRecipient(trx, account.family_id);
    if (Number(recent?.n ?? 0) >= MAX_RESET_MAILS_PER_HOUR || !recipient?.email) {
      await auditPortal(trx, now.toISOString(), 'portal.reset.not_sent', account.id, login, input.source, {
        reason: recipient?.email ? 'limit' : 'no_email',
      });
      return { queued: false };
    }
    const token = await issuePortalToken(trx, account.id, 'reset', now);
    const link = `${await portalBaseUrl(trx, input.fallbackBaseUrl)}/reinitialisation/${token}`;
    await queueEmail(
      trx,
      { to: recipient.email, ...resetEmail({ commune: await communeName(trx), name: recipient.name, login: account.login, link }) },
      now.toISOString(),
    );
    await auditPortal(trx, now.toISOString(), 'portal.reset.requested', account.id, login, input.source);
    return { queued: true };
  });
}

/** « Changer mot de passe »: the current password first; the other sessions of the account end. */
export async function changePortalPassword(
  db: Knex,
  clock: Clock,
  session: PortalSession,
  input: NewPasswordInput & { current: string; source: string },
): Promise<void> {
  const now = clock.now();
  const at = now.toISOString();
  // A wrong current password counts as a failed login (same lockout, same audit): committed
  // even though the change is refused, then reported.
  const refusal = await db.transaction(async (trx) => {
    const account = await trx('portal_accounts').where({ id: session.actor.accountId }).first('id', 'family_id', 'login', 'password_hash');
    if (!account) return new OperationError('unauthenticated', 'Veuillez vous reconnecter.');
    const locked = await takeLockout(trx, account.login, now);
    if (locked) {
      await auditPortal(trx, at, 'portal.password.refused_locked', account.id, account.login, input.source);
      return new OperationError('validation', lockedMessage(locked, now), { current: lockedMessage(locked, now) });
    }
    const fields: Record<string, string> = {};
    if (!(await verifyPassword(input.current, account.password_hash))) {
      await recordLoginAttempt(trx, 'portal', account.login, input.source, false, now);
      await auditPortal(trx, at, 'portal.password.wrong_current', account.id, account.login, input.source);
      const until = await recordWrongPassword(trx, account.login, now);
      if (until) {
        await auditPortal(trx, at, 'portal.login.lockout', account.id, account.login, input.source, { until: until.toISOString() });
        // Whoever guesses from a session loses it: the identifiant is locked for everyone.
        await trx('portal_sessions').where({ id: session.actor.sessionId }).delete();
        return new OperationError('unauthenticated', lockedMessage(until, now));
      }
      fields.current = 'Le mot de passe actuel est incorrect.';
    }
    Object.assign(fields, newPasswordErrors(input.password, input.confirm, account.login));
    if (!fields.password && input.password === input.current) fields.password = 'Le nouveau mot de passe doit être différent de l’actuel.';
    const messages = Object.values(fields);
    if (messages.length) return new OperationError('validation', messages.join(' '), fields);
    await storeNewPassword(trx, account.id, input.password, now, session.actor.sessionId);
    await auditPortal(trx, now.toISOString(), 'portal.password.changed', account.id, account.login, input.source);
    const recipient = await familyRecipient(trx, account.family_id);
    if (recipient?.email) {
      await queueEmail(
        trx,
        { to: recipient.email, ...passwordChangedEmail({ commune: await communeName(trx), name: recipient.name, login: account.login }) },
        now.toISOString(),
      );
    }
    return null;
  });
  if (refusal) throw refusal;
}
