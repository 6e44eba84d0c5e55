import Router from '@koa/router';
import { ownValue } from '../../shared/domain/own-key';
import { z } from '../../shared/contracts/zod-fr';
import { portalLogin, portalLogout } from '../../shared/core/accounts/portal-auth';
import { OperationError } from '../../shared/core/errors';
import { LoginPage } from '../views/login-page';
import { renderPage } from '../views/render';
import { SESSION_COOKIE, type PortalDeps, type PortalState } from '../portal-context';
import { loginCsrfCookie, publicCsrfToken, publicCsrfValid } from '../public-csrf';
import { cookieOptions, sourceOf } from '../security';
import { requireFamily, requireCsrf } from './guards';
import { communeContacts } from './commune-contacts';

const loginForm = z.object({
  login: z.string().trim().min(1).max(120),
  password: z.string().min(1).max(200),
});

export function loginRoutes(deps: PortalDeps): Router<PortalState> {
  const router = new Router<PortalState>();

  router.get('/', (ctx) => ctx.redirect(ctx.state.session ? '/accueil' : '/connexion'));

  router.get('/connexion', async (ctx) => {
    if (ctx.state.session) return ctx.redirect('/accueil');
    const notices: Record<string, string> = {
      deconnexion: 'Vous êtes déconnecté(e).',
      expiree: 'Votre session a expiré : reconnectez-vous.',
      active: 'Votre mot de passe est enregistré : vous pouvez vous connecter.',
      bloque:
        'Trop de mots de passe actuels erronés : votre session est fermée et votre identifiant bloqué pour quelques minutes. Réessayez plus tard ou utilisez « Mot de passe oublié ».',
    };
    const notice = ownValue(notices, ctx.query.fin);
    ctx.body = renderPage(<LoginPage csrfToken={publicCsrfToken(ctx)} notice={notice} {...(await communeContacts(deps.reader))} />);
  });

  router.post('/connexion', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const renderError = async (status: number, error: string) => {
      ctx.status = status;
      const login = typeof body.login === 'string' ? body.login.slice(0, 120) : '';
      ctx.body = renderPage(
        <LoginPage csrfToken={publicCsrfToken(ctx)} login={login} error={error} {...(await communeContacts(deps.reader))} />,
      );
    };
    if (!publicCsrfValid(ctx)) {
      return renderError(403, 'Le formulaire a expiré : veuillez saisir à nouveau votre identifiant et votre mot de passe.');
    }
    const parsed = loginForm.safeParse(body);
    if (!parsed.success) return renderError(400, 'Veuillez saisir votre identifiant et votre mot de passe.');
    try {
      const { token, session } = await portalLogin(deps.db, deps.clock, { ...parsed.data, source: sourceOf(ctx) });
      // A session cookie planted before login is replaced: the new id is the only valid one.
      ctx.cookies.set(SESSION_COOKIE, token, cookieOptions(ctx));
      ctx.cookies.set(loginCsrfCookie(ctx), '', { ...cookieOptions(ctx), maxAge: 0 });
      ctx.redirect(session.mustChangePassword ? '/changer-mot-de-passe' : '/accueil');
    } catch (error) {
      if (error instanceof OperationError) return renderError(401, error.message);
      throw error;
    }
  });

  router.post('/deconnexion', requireFamily, requireCsrf, async (ctx) => {
    await portalLogout(deps.db, deps.clock, ctx.state.session!, sourceOf(ctx));
    ctx.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(ctx), maxAge: 0 });
    ctx.redirect('/connexion?fin=deconnexion');
  });

  return router;
}
