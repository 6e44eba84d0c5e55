import type { Knex } from 'knex';
import type Koa from 'koa';
import { healthReport } from '../shared/core/health/health';
import type { BackupSettings } from '../shared/db/backup';
import { type Clock, systemClock } from '../shared/core/clock';

/**
 * GET /sante: 200 when all is well, 503 saying what is wrong (for a supervisor or a proxy). The
 * public portal says only that and reads through its read-only connections (a flood of checks
 * never queues behind the writer); the staff door gives the whole report (backups, jobs).
 */
export function healthRoute(db: Knex, options: { backups?: BackupSettings; detailed: boolean; clock?: Clock }): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/sante' || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const report = await healthReport(db, options.backups, (options.clock ?? systemClock).now());
    ctx.set('Cache-Control', 'no-store');
    ctx.status = report.status === 'ok' ? 200 : 503;
    ctx.body = options.detailed ? report : { status: report.status, problems: report.problems };
  };
}
