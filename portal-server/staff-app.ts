import fs from 'node:fs';
import path from 'node:path';
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import serve from 'koa-static';
import type { StaffDispatcher } from '../shared/core/staff-dispatcher';
import { securityHeaders } from './security';
import type { Knex } from 'knex';
import { healthRoute } from './health-route';
import type { BackupSettings } from '../shared/db/backup';
import type { Clock } from '../shared/core/clock';
import { requestLog } from './request-log';

export const STAFF_COOKIE = 'pf_staff';

/**
 * The staff HTTP door: `POST /staff-api/<name>` into the same dispatcher as the IPC door, and
 * the back-office's built files for browser mode. Bound to 127.0.0.1 by default.
 *
 * Cross-site requests cannot use it: the cookie is SameSite=Strict and every call must be
 * JSON with the `X-Staff-Api` header, which a form or a simple cross-origin request cannot send
 * (and no CORS header is ever returned).
 */
export function createStaffApp(options: {
  dispatch: StaffDispatcher;
  /** The database GET /sante checks, and this server's backups folder. */
  db: Knex;
  backups?: BackupSettings;
  clock?: Clock;
  rendererDir?: string;
  /** The Host values this door answers to (« 127.0.0.1:3001 », « localhost:3001 »), read at each request. */
  allowedHosts: () => readonly string[];
}): Koa {
  const app = new Koa();
  app.silent = true; // errors are logged once, by the request log
  app.use(requestLog('back-office'));
  app.use(securityHeadersForBackOffice());
  // DNS rebinding: a page from another site that resolves its name to 127.0.0.1 reaches this
  // port with its own name in Host (and Origin). Only the door's own names are answered.
  app.use(async (ctx, next) => {
    const allowed = options.allowedHosts().map((h) => h.toLowerCase());
    const host = (ctx.get('Host') || '').toLowerCase();
    const origin = ctx.get('Origin');
    const originHost = origin ? originHostOf(origin) : null;
    if (!allowed.includes(host) || (origin && (originHost === null || !allowed.includes(originHost)))) {
      ctx.status = 421;
      ctx.body = { ok: false, error: { type: 'forbidden', message: 'Requête refusée : adresse du back-office inconnue.' } };
      return;
    }
    await next();
  });
  app.use(healthRoute(options.db, { backups: options.backups, detailed: true, clock: options.clock }));
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      // The body parser refuses a body too large (413) or not JSON (400): a French answer, never a 500.
      const status = (error as { status?: unknown })?.status;
      if (typeof status !== 'number' || status < 400 || status >= 500) throw error;
      ctx.status = status;
      ctx.body = {
        ok: false,
        error: {
          type: 'validation',
          message: status === 413 ? 'Requête refusée : les données envoyées dépassent 2 Mo.' : 'Requête refusée : données illisibles.',
        },
      };
    }
  });
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '2mb' }));
  app.use(async (ctx, next) => {
    const match = /^\/staff-api\/([a-zA-Z0-9_.]+)$/.exec(ctx.path);
    if (!match) return next();
    ctx.set('Cache-Control', 'no-store');
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      ctx.body = { ok: false, error: { type: 'validation', message: 'Méthode non autorisée : utilisez POST.' } };
      return;
    }
    if (ctx.get('X-Staff-Api') !== '1' || !ctx.is('application/json')) {
      ctx.status = 400;
      ctx.body = { ok: false, error: { type: 'validation', message: 'Requête refusée : en-têtes de l’API du back-office manquants.' } };
      return;
    }
    const result = await options.dispatch({
      name: match[1]!,
      input: ctx.request.body ?? {},
      sessionToken: ctx.cookies.get(STAFF_COOKIE) ?? null,
      source: ctx.ip || 'http',
    });
    if (result.sessionToken !== undefined) {
      ctx.cookies.set(STAFF_COOKIE, result.sessionToken ?? '', {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.secure,
        path: '/',
        overwrite: true,
        ...(result.sessionToken === null ? { maxAge: 0 } : {}),
      });
    }
    const response = result.response;
    ctx.status = response.ok ? 200 : statusFor(response.error.type);
    ctx.body = response;
  });
  if (options.rendererDir && fs.existsSync(path.join(options.rendererDir, 'index.html'))) {
    app.use(serve(options.rendererDir, { index: 'index.html' }));
  } else {
    app.use(async (ctx, next) => {
      if (ctx.path !== '/') return next();
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = "Le back-office n'est pas construit : lancez « npm run build » puis rechargez cette page.";
    });
  }
  return app;
}

/** « http://127.0.0.1:3001 » → « 127.0.0.1:3001 »; null for « null » or anything not http(s). */
function originHostOf(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** The names a door bound to `host:port` answers to: loopback under its usual names, and its own host. */
export function staffDoorHosts(host: string, port: number, extra: readonly string[] = []): string[] {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'];
  const names = host === '0.0.0.0' || host === '::' ? loopback : [...new Set([...loopback, host.includes(':') ? `[${host}]` : host])];
  return [...names.map((name) => `${name}:${port}`), ...extra];
}

function statusFor(type: string): number {
  switch (type) {
    case 'validation':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
    case 'unknown_operation':
      return 404;
    case 'conflict':
      return 409;
    default:
      return 500;
  }
}

/** The back-office is a React app with MUI (emotion injects style elements): styles may be inline, scripts may not. */
function securityHeadersForBackOffice() {
  return securityHeaders({ allowInlineStyles: true });
}
