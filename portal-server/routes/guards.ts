import type { Middleware } from 'koa';
import type { PortalState } from '../portal-context';
import { sameToken } from '../security';

/** Pages of a family: without a live session, back to the login page. */
export const requireFamily: Middleware<PortalState> = async (ctx, next) => {
  if (!ctx.state.session) {
    if (ctx.method === 'GET') return ctx.redirect('/connexion?fin=expiree');
    ctx.status = 401;
    ctx.body = 'Session expirée : reconnectez-vous.';
    return;
  }
  await next();
};

/** Every state-changing request carries the session's CSRF token; without it nothing changes. */
export const requireCsrf: Middleware<PortalState> = async (ctx, next) => {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  if (!sameToken(body._csrf, ctx.state.session?.csrfToken)) {
    ctx.status = 403;
    ctx.body = 'Formulaire expiré : rechargez la page et recommencez.';
    return;
  }
  await next();
};

/** A temporary password must be replaced before anything else: every other page leads there. */
export const enforcePasswordChange: Middleware<PortalState> = async (ctx, next) => {
  const allowed = ctx.path === '/changer-mot-de-passe' || ctx.path === '/deconnexion';
  if (ctx.state.session?.mustChangePassword && !allowed) {
    if (ctx.method === 'GET' || ctx.method === 'HEAD') return ctx.redirect('/changer-mot-de-passe');
    ctx.status = 403;
    ctx.body = 'Vous devez d’abord choisir un nouveau mot de passe.';
    return;
  }
  await next();
};
