import { createHmac } from 'node:crypto';
import type { Context } from 'koa';
import { newToken } from '../shared/core/accounts/tokens';
import { LOGIN_CSRF_COOKIE, type PortalState } from './portal-context';
import { cookieOptions, sameToken } from './security';

// Forms shown before a session exists (login, forgotten password, activation, reset) carry a
// token tied to a cookie of the same browser. The cookie holds a random value; the form's
// token is that value signed with the server's secret, so that a cookie another site managed
// to plant (a sibling subdomain, plain HTTP) comes with no token that the server accepts.

type PublicContext = Context & { state: PortalState };

function signed(ctx: PublicContext, nonce: string): string {
  return createHmac('sha256', ctx.state.csrfSecret).update(`login-csrf:${nonce}`).digest('base64url');
}

export function publicCsrfToken(ctx: Context): string {
  const context = ctx as PublicContext;
  const existing = ctx.cookies.get(LOGIN_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return signed(context, existing);
  const nonce = newToken();
  ctx.cookies.set(LOGIN_CSRF_COOKIE, nonce, cookieOptions(ctx));
  return signed(context, nonce);
}

export function publicCsrfValid(ctx: Context): boolean {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const nonce = ctx.cookies.get(LOGIN_CSRF_COOKIE);
  if (!nonce || !/^[A-Za-z0-9_-]{43}$/.test(nonce)) return false;
  return sameToken(body._csrf, signed(ctx as PublicContext, nonce));
}
