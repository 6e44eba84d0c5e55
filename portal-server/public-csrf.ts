import type { Context } from 'koa';
import { newToken } from '../shared/core/accounts/tokens';
import { LOGIN_CSRF_COOKIE } from './portal-context';
import { cookieOptions, sameToken } from './security';

// Forms shown before a session exists (login, forgotten password, activation, reset) carry a
// token that must match a cookie of the same browser (double submit): another site can
// neither read the cookie nor set it.

export function publicCsrfToken(ctx: Context): string {
  const existing = ctx.cookies.get(LOGIN_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = newToken();
  ctx.cookies.set(LOGIN_CSRF_COOKIE, token, cookieOptions(ctx));
  return token;
}

export function publicCsrfValid(ctx: Context): boolean {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  return sameToken(body._csrf, ctx.cookies.get(LOGIN_CSRF_COOKIE));
}
