import { createHmac } from 'node:crypto';
import type { Context } from 'koa';
import { newToken } from '../shared/core/accounts/tokens';
import { LOGIN_CSRF_COOKIE, type PortalState } from './portal-context';
import { cookieOptions, sameToken } from './security';

// Forms shown before a session exists (login, forgotten password, activation, reset):
// - a post from another site is refused outright (its Origin, or Sec-Fetch-Site, says so);
// - the form carries a token tied to a cookie of the same browser: the cookie holds a random
//   value, the token is that value signed with the server's secret;
// - over HTTPS the cookie is « __Host- »: neither a sibling subdomain nor plain HTTP can plant it.

type PublicContext = Context & { state: PortalState };

/** The cookie's name: « __Host-pf_login_csrf » over HTTPS (browsers then accept it only Secure, host-only, on /). */
export function loginCsrfCookie(ctx: Context): string {
  return ctx.secure ? `__Host-${LOGIN_CSRF_COOKIE}` : LOGIN_CSRF_COOKIE;
}

function signed(ctx: PublicContext, nonce: string): string {
  return createHmac('sha256', ctx.state.csrfSecret).update(`login-csrf:${nonce}`).digest('base64url');
}

export function publicCsrfToken(ctx: Context): string {
  const context = ctx as PublicContext;
  const existing = ctx.cookies.get(loginCsrfCookie(ctx));
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return signed(context, existing);
  const nonce = newToken();
  ctx.cookies.set(loginCsrfCookie(ctx), nonce, cookieOptions(ctx));
  return signed(context, nonce);
}

/**
 * A post sent by a page of another site. Browsers say so in Sec-Fetch-Site; those without it
 * in Origin. An Origin « null » is what the portal's own link pages send (they are served with
 * Referrer-Policy: no-referrer), so it is left to the token.
 */
function fromAnotherSite(ctx: Context): boolean {
  const site = ctx.get('Sec-Fetch-Site');
  if (site) return site === 'cross-site';
  const origin = ctx.get('Origin');
  if (origin === '' || origin === 'null') return false;
  // The host alone: behind a proxy that ends TLS the scheme the portal sees may differ.
  try {
    return new URL(origin).host !== ctx.host;
  } catch {
    return true;
  }
}

export function publicCsrfValid(ctx: Context): boolean {
  if (fromAnotherSite(ctx)) return false;
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const nonce = ctx.cookies.get(loginCsrfCookie(ctx));
  if (!nonce || !/^[A-Za-z0-9_-]{43}$/.test(nonce)) return false;
  return sameToken(body._csrf, signed(ctx as PublicContext, nonce));
}
