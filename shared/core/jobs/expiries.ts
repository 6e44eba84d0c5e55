import type { Knex } from 'knex';
import { lapseMandates } from '../billing/sepa/mandates';
import { type Clock, today } from '../clock';

/** How long the traces of logins are kept: the login limits look back an hour, an inquiry into an intrusion months. */
export const LOGIN_ATTEMPTS_KEPT_DAYS = 180;
/** An expired activation or reset link still says « ce lien a expiré » for a month, then is forgotten. */
export const EXPIRED_LINKS_KEPT_DAYS = 30;
/** E-mails sent (their bodies name families, amounts, children) are kept a year: « Courriels récents », a family's question. */
export const SENT_MAIL_KEPT_DAYS = 365;

/**
 * What lapses with time, done by the scheduler rather than left to the next page that looks:
 * SEPA mandates unused for 36 months lapse; sessions past their expiry, links expired a month ago
 * login traces older than six months and e-mails sent over a year ago are deleted (kept no longer than they serve: RGPD).
 * One DELETE each, a nightly scan of the table (sessions and login traces stay small once kept
 * no longer than this); the mandates' read is bounded by the active ones.
 */
export async function lapseWhatLapses(db: Knex, clock: Clock): Promise<Record<string, number>> {
  const now = clock.now();
  const nowIso = now.toISOString();
  await db.transaction((trx) => lapseMandates(trx, today(clock)));
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  return {
    portalSessions: await db('portal_sessions').where('expires_at', '<', nowIso).delete(),
    staffSessions: await db('staff_sessions').where('expires_at', '<', nowIso).delete(),
    links: await db('portal_tokens').where('expires_at', '<', before(EXPIRED_LINKS_KEPT_DAYS)).delete(),
    loginAttempts: await db('login_attempts').where('at', '<', before(LOGIN_ATTEMPTS_KEPT_DAYS)).delete(),
    sentMail: await db('email_outbox').where({ status: 'sent' }).where('sent_at', '<', before(SENT_MAIL_KEPT_DAYS)).delete(),
  };
}
