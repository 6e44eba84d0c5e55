import escapeHtml from 'escape-html';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { resolvePortalSession } from '../shared/core/accounts/portal-auth';
import { SESSION_COOKIE, type PortalDeps, type PortalState } from './portal-context';
import { securityHeaders } from './security';
import { loginRoutes } from './routes/login-routes';
import { familyRoutes } from './routes/family-routes';
import { passwordRoutes } from './routes/password-routes';
import { requestRoutes } from './routes/request-routes';
import { billingRoutes } from './routes/billing-routes';
import { messageRoutes } from './routes/message-routes';
import { documentRoutes } from './routes/document-routes';
import { calendarRoutes } from './routes/calendar-routes';
import { attestationRoutes } from './routes/attestation-routes';
import { payfipSimulatorRoutes } from './payfip-simulator';
import { payfipSettings } from '../shared/core/payfip/online-payment';
import { renderPage } from './views/render';
import { PageNotFound } from './views/page-not-found';
import { enforcePasswordChange } from './routes/guards';
import { serverSecret } from '../shared/core/accounts/server-secret';
import { logger, loggedPath } from '../shared/logging/logger';
import { healthRoute } from './health-route';
import { requestLog } from './request-log';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Static files of the portal (CSS, the planning's small script), read once. */
async function staticFile(name: string): Promise<{ body: Buffer; type: string } | null> {
  if (!/^[a-z0-9-]+\.(css|js)$/.test(name)) return null;
  try {
    const body = await fs.readFile(path.join(portalStaticDir(), name));
    return { body, type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8' };
  } catch {
    return null;
  }
}

/** Where portal.css is: beside the sources, or copied next to the bundled main process. */
export function portalStaticDir(): string {
  return process.env.PORTAL_STATIC_DIR ?? path.join(here, 'static');
}

/** The family portal: server-rendered pages on the public port. The staff door is never mounted here. */
export function createPortalApp(deps: PortalDeps): Koa<PortalState> {
  const app = new Koa<PortalState>();
  app.proxy = deps.trustProxy > 0;
  // Koa keeps only the right-most N addresses of X-Forwarded-For: those the trusted proxies appended.
  app.maxIpsCount = deps.trustProxy;
  app.silent = true; // errors are logged once, by the request log and the error page below

  app.use(requestLog('portail'));
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      // A parent never sees a stack trace; a request refused by the body parser (too large, malformed) is the sender's error.
      const status = clientErrorStatus(error);
      if (!status) logger.error({ requestId: ctx.state.requestId, method: ctx.method, path: loggedPath(ctx.path), err: error }, 'erreur');
      ctx.status = status ?? 500;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = errorPage(status, (error as { french?: boolean }).french ? (error as Error).message : undefined);
    }
  });
  app.use(securityHeaders());
  app.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path.startsWith('/static/')) {
      const file = await staticFile(ctx.path.slice('/static/'.length));
      if (!file) return;
      ctx.type = file.type;
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = file.body;
      return;
    }
    await next();
  });
  app.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store'); // family pages hold personal data
    await next();
  });
  app.use(healthRoute(deps.reader, { detailed: false }));
  app.use(bodyParser({ enableTypes: ['form'], formLimit: '100kb' }));
  if (deps.payfipSimulator) {
    const simulator = payfipSimulatorRoutes(deps.clock, async () => [
      new URL(deps.portalBaseUrl).origin,
      new URL((await payfipSettings(deps.reader, deps.portalBaseUrl)).portalBaseUrl).origin,
    ]);
    app.use(simulator.routes());
    app.use(simulator.allowedMethods());
  }
  let csrfSecret: Promise<Buffer> | null = null;
  app.use(async (ctx, next) => {
    csrfSecret ??= serverSecret(deps.db, 'login_csrf').catch((error) => {
      csrfSecret = null;
      throw error;
    });
    ctx.state.csrfSecret = await csrfSecret;
    await next();
  });
  app.use(async (ctx, next) => {
    const session = await resolvePortalSession(deps.db, deps.clock, ctx.cookies.get(SESSION_COOKIE), deps.reader);
    if (session) ctx.state.session = session;
    await next();
  });
  app.use(enforcePasswordChange);
  for (const router of [
    loginRoutes(deps),
    passwordRoutes(deps),
    requestRoutes(deps),
    familyRoutes(deps),
    billingRoutes(deps),
    messageRoutes(deps),
    documentRoutes(deps),
    calendarRoutes(deps),
    attestationRoutes(deps),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  app.use(async (ctx) => {
    // Anything else: a page in French, with the same headers, rather than Koa's bare « Not Found ».
    ctx.status = 404;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderPage(<PageNotFound loggedIn={Boolean(ctx.state.session)} />);
  });
  return app;
}

/** The 4xx status an error carries (the body parser's 413 and 400), if it is one. */
function clientErrorStatus(error: unknown): number | null {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

const CLIENT_ERRORS: ReadonlyMap<number, string> = new Map([
  [413, 'Le formulaire envoyé est trop volumineux : raccourcissez les textes saisis (ou joignez un fichier plus léger) puis réessayez.'],
  [415, 'Ce type de formulaire n’est pas accepté par le portail.'],
]);

function errorPage(status: number | null, french?: string): string {
  const title = status ? 'Demande refusée' : 'Une erreur est survenue';
  const text = status
    ? (french ?? CLIENT_ERRORS.get(status) ?? 'Le formulaire envoyé est illisible : rechargez la page puis réessayez.')
    : 'Votre demande n’a pas pu aboutir. Réessayez dans quelques instants.';
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${title} — Portail Famille</title></head><body><main><h1>${title}</h1><p>${escapeHtml(text)}</p><p><a href="/accueil">Retour à l’accueil</a></p></main></body></html>`;
}
