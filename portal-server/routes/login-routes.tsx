import type { Context } from 'koa';
import Router from '@koa/router';
import { z } from '../../shared/contracts/zod-fr';
import { portalLogin, portalLogout } from '../../shared/core/accounts/portal-auth';
import { newToken } from '../../shared/core/accounts/tokens';
import { OperationError } from '../../shared/core/errors';
import { ForgottenPasswordPage, LoginPage } from '../views/login-page';
import { renderPage } from '../views/render';
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE, type PortalDeps, type PortalState } from '../portal-context';
import { cookieOptions, sameToken, sourceOf } from '../security';
import { requireFamily, requireCsrf } from './guards';

const loginForm = z.object({
  login: z.string().trim().min(1).max(120),
  password: z.string().min(1).max(128),
});

async function communeContacts(deps: PortalDeps) {
  const settings = await deps.db('commune_settings').where({ id: 1 }).first('name', 'phone', 'email');
  return { communeName: settings?.name ?? 'mairie', communePhone: settings?.phone ?? '', communeEmail: settings?.email ?? '' };
}

/** The login form's CSRF token lives in a cookie until a session exists (double submit). */
function loginCsrfToken(ctx: Context): string {
  const existing = ctx.cookies.get(LOGIN_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = newToken();
  ctx.cookies.set(LOGIN_CSRF_COOKIE, token, cookieOptions(ctx));
  return token;
}

export function loginRoutes(deps: PortalDeps): Router<PortalState> {
  const router = new Router<PortalState>();

  router.get('/', (ctx) => ctx.redirect(ctx.state.session ? '/accueil' : '/connexion'));

  router.get('/connexion', async (ctx) => {
    if (ctx.state.session) return ctx.redirect('/accueil');
    const notice = ctx.query.fin === 'deconnexion' ? 'Vous êtes déconnecté(e).' : ctx.query.fin === 'expiree' ? 'Votre session a expiré : reconnectez-vous.' : undefined;
    ctx.body = renderPage(<LoginPage csrfToken={loginCsrfToken(ctx)} notice={notice} {...await communeContacts(deps)} />);
  });

  router.post('/connexion', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const renderError = async (status: number, error: string) => {
      ctx.status = status;
      const login = typeof body.login === 'string' ? body.login.slice(0, 120) : '';
      ctx.body = renderPage(<LoginPage csrfToken={loginCsrfToken(ctx)} login={login} error={error} {...await communeContacts(deps)} />);
    };
    if (!sameToken(body._csrf, ctx.cookies.get(LOGIN_CSRF_COOKIE))) {
      return renderError(403, 'Le formulaire a expiré : veuillez saisir à nouveau votre identifiant et votre mot de passe.');
    }
    const parsed = loginForm.safeParse(body);
    if (!parsed.success) return renderError(400, 'Veuillez saisir votre identifiant et votre mot de passe.');
    try {
      const { token } = await portalLogin(deps.db, deps.clock, { ...parsed.data, source: sourceOf(ctx) });
      ctx.cookies.set(SESSION_COOKIE, token, cookieOptions(ctx));
      ctx.cookies.set(LOGIN_CSRF_COOKIE, '', { ...cookieOptions(ctx), maxAge: 0 });
      ctx.redirect('/accueil');
    } catch (error) {
      if (error instanceof OperationError) return renderError(401, error.message);
      throw error;
    }
  });

  router.get('/mot-de-passe-oublie', async (ctx) => {
    ctx.body = renderPage(<ForgottenPasswordPage {...await communeContacts(deps)} />);
  });

  router.post('/deconnexion', requireFamily, requireCsrf, async (ctx) => {
    await portalLogout(deps.db, deps.clock, ctx.state.session!, sourceOf(ctx));
    ctx.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(ctx), maxAge: 0 });
    ctx.redirect('/connexion?fin=deconnexion');
  });

  return router;
}
