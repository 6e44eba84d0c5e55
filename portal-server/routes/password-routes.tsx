import type { Context } from 'koa';
import Router from '@koa/router';
import {
  changePortalPassword,
  completePasswordWithToken,
  isTokenUsable,
  requestPasswordReset,
} from '../../shared/core/accounts/portal-passwords';
import type { PortalTokenPurpose } from '../../shared/core/accounts/portal-tokens';
import { sessionHeader } from './page-header';
import { OperationError } from '../../shared/core/errors';
import { ChangePasswordPage, ForgottenPasswordPage, LinkExpiredPage, SetPasswordPage } from '../views/password-pages';
import type { PasswordFieldErrors } from '../views/password-form';
import { renderPage } from '../views/render';
import { SESSION_COOKIE, type PortalDeps, type PortalState } from '../portal-context';
import { publicCsrfToken, publicCsrfValid } from '../public-csrf';
import { cookieOptions, sourceOf } from '../security';
import { requireCsrf, requireFamily } from './guards';
import { communeContacts } from './commune-contacts';
import { logger } from '../../shared/logging/logger';

const str = (value: unknown) => (typeof value === 'string' ? value : '');

function errorsOf(error: unknown): PasswordFieldErrors {
  if (!(error instanceof OperationError)) throw error;
  const fields = error.fields ?? {};
  return Object.keys(fields).length > 0 ? fields : { _: error.message };
}

const LINK_PAGES: Record<PortalTokenPurpose, { path: string; title: string; intro: string }> = {
  activation: {
    path: '/activation',
    title: 'Activation de votre compte',
    intro: 'Choisissez le mot de passe de votre accès au Portail Famille.',
  },
  reset: {
    path: '/reinitialisation',
    title: 'Nouveau mot de passe',
    intro: 'Choisissez un nouveau mot de passe pour votre accès au Portail Famille.',
  },
};

/** Accounts' passwords: the padlock, « Mot de passe oublié », and the one-time links from e-mails. */
export function passwordRoutes(deps: PortalDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  const deliverMail = () => {
    deps.mailer.deliverPending(deps.db).catch((error) => logger.error({ err: error }, 'courriels : envoi différé en échec'));
  };

  const renderChange = async (ctx: Context & { state: PortalState }, errors: PasswordFieldErrors, done = false) => {
    const session = ctx.state.session!;
    const header = sessionHeader(ctx, deps.clock);
    ctx.body = renderPage(
      <ChangePasswordPage header={header} csrfToken={session.csrfToken} forced={session.mustChangePassword} errors={errors} done={done} />,
    );
  };

  router.get('/changer-mot-de-passe', requireFamily, (ctx) => renderChange(ctx, {}, ctx.query.fait === '1'));

  router.post('/changer-mot-de-passe', requireFamily, requireCsrf, async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    try {
      await changePortalPassword(deps.db, deps.clock, ctx.state.session!, {
        current: str(body.current),
        password: str(body.password),
        confirm: str(body.confirm),
        source: sourceOf(ctx),
      });
    } catch (error) {
      // The fifth wrong current password locks the identifiant and ends this session, as at login.
      if (error instanceof OperationError && error.type === 'unauthenticated') {
        ctx.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(ctx), maxAge: 0 });
        return ctx.redirect('/connexion?fin=bloque');
      }
      ctx.status = 400;
      return renderChange(ctx, errorsOf(error));
    }
    deliverMail();
    ctx.redirect('/changer-mot-de-passe?fait=1');
  });

  router.get('/mot-de-passe-oublie', async (ctx) => {
    const { communePhone } = await communeContacts(deps.reader);
    ctx.body = renderPage(
      <ForgottenPasswordPage csrfToken={publicCsrfToken(ctx)} sent={ctx.query.envoye === '1'} communePhone={communePhone} />,
    );
  });

  router.post('/mot-de-passe-oublie', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const login = str(body.login).trim().slice(0, 120);
    if (!publicCsrfValid(ctx) || login === '') {
      const { communePhone } = await communeContacts(deps.reader);
      ctx.status = publicCsrfValid(ctx) ? 400 : 403;
      const error = login === '' ? 'Veuillez saisir votre identifiant.' : 'Le formulaire a expiré : veuillez recommencer.';
      ctx.body = renderPage(
        <ForgottenPasswordPage csrfToken={publicCsrfToken(ctx)} sent={false} error={error} communePhone={communePhone} />,
      );
      return;
    }
    const { queued } = await requestPasswordReset(deps.db, deps.clock, {
      login,
      source: sourceOf(ctx),
      fallbackBaseUrl: deps.portalBaseUrl,
    });
    if (queued) deliverMail();
    ctx.redirect('/mot-de-passe-oublie?envoye=1'); // the same answer for every identifiant
  });

  for (const purpose of ['activation', 'reset'] as const) {
    const page = LINK_PAGES[purpose];
    const render = (ctx: Context, token: string, errors: PasswordFieldErrors) =>
      renderPage(
        <SetPasswordPage
          title={page.title}
          intro={page.intro}
          action={`${page.path}/${token}`}
          csrfToken={publicCsrfToken(ctx)}
          errors={errors}
        />,
      );

    router.get(`${page.path}/:token`, async (ctx) => {
      ctx.set('Referrer-Policy', 'no-referrer'); // the token stays out of any Referer header
      if (!(await isTokenUsable(deps.db, deps.clock, ctx.params.token!, purpose))) {
        ctx.status = 410;
        ctx.body = renderPage(<LinkExpiredPage title={page.title} />);
        return;
      }
      ctx.body = render(ctx, ctx.params.token!, {});
    });

    router.post(`${page.path}/:token`, async (ctx) => {
      ctx.set('Referrer-Policy', 'no-referrer');
      const token = ctx.params.token!;
      if (!publicCsrfValid(ctx)) {
        ctx.status = 403;
        ctx.body = render(ctx, token, { _: 'Le formulaire a expiré : veuillez recommencer.' });
        return;
      }
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      try {
        await completePasswordWithToken(deps.db, deps.clock, {
          token,
          purpose,
          password: str(body.password),
          confirm: str(body.confirm),
          source: sourceOf(ctx),
        });
      } catch (error) {
        if (error instanceof OperationError && error.type === 'not_found') {
          ctx.status = 410;
          ctx.body = renderPage(<LinkExpiredPage title={page.title} />);
          return;
        }
        ctx.status = 400;
        ctx.body = render(ctx, token, errorsOf(error));
        return;
      }
      ctx.redirect('/connexion?fin=active');
    });
  }

  return router;
}
