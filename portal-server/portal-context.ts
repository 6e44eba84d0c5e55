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
  /**
   * How many reverse proxies stand in front of the portal (0: none). Their X-Forwarded-Proto is
   * trusted, and the client's address is the one the outermost of them saw: the N-th entry of
   * X-Forwarded-For from the right, never what the client wrote further left.
   */
  trustProxy: number;
  /** Serve the PayFiP simulator (demo and tests; never in production). */
  payfipSimulator?: boolean;
}

export interface PortalState {
  session?: ResolvedPortalSession;
  /** The key that binds a login form's token to its cookie (see public-csrf.ts). */
  csrfSecret: Buffer;
  /** This request's id in the log (X-Request-Id). */
  requestId?: string;
}

export const SESSION_COOKIE = 'pf_session';
export const LOGIN_CSRF_COOKIE = 'pf_login_csrf';
