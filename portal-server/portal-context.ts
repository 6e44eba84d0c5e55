import type { Knex } from 'knex';
import type { Clock } from '../shared/core/clock';
import type { Mailer } from '../shared/core/mail/mailer';
import type { ResolvedPortalSession } from '../shared/core/accounts/portal-auth';

export interface PortalDeps {
  /** The writer: every change, and every read that decides a change, goes through it. */
  db: Knex;
  /** What pages read through (SQLite: read-only connections beside the writer; PostgreSQL: the same pool). */
  reader: Knex;
  clock: Clock;
  mailer: Mailer;
  /** The portal's address for links in e-mails, when the commune's settings give none. */
  portalBaseUrl: string;
  /** Trust X-Forwarded-Proto / X-Forwarded-For from a reverse proxy in front of the portal. */
  trustProxy: boolean;
  /** Serve the PayFiP simulator (demo and tests; never in production). */
  payfipSimulator?: boolean;
}

export interface PortalState {
  session?: ResolvedPortalSession;
}

export const SESSION_COOKIE = 'pf_session';
export const LOGIN_CSRF_COOKIE = 'pf_login_csrf';
