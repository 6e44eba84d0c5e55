import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { logger as applicationLogger, loggedPath } from '../shared/logging/logger';

/**
 * One log line per request: its id (also sent back as X-Request-Id, for a user reporting a
 * problem), the door, method, path (tokens masked), status and duration. An error reaching it
 * is logged once, with its stack, and answered by the door's own error handler.
 */
export function requestLog(door: 'portail' | 'back-office', logger: Logger = applicationLogger): Koa.Middleware {
  return async (ctx, next) => {
    const id = randomUUID();
    const started = process.hrtime.bigint();
    ctx.set('X-Request-Id', id);
    ctx.state.requestId = id;
    // An error escaping the door is answered by Koa after this middleware: its status is the error's.
    let failed: number | undefined;
    try {
      await next();
    } catch (error) {
      const status = (error as { status?: unknown })?.status;
      failed = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
      logger.error({ requestId: id, door, method: ctx.method, path: loggedPath(ctx.path), err: error }, 'erreur');
      throw error;
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { requestId: id, door, method: ctx.method, path: loggedPath(ctx.path), status: failed ?? ctx.status, ms: Math.round(ms * 10) / 10 },
        'requête',
      );
    }
  };
}
