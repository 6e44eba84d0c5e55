import type { Knex } from 'knex';
import type Koa from 'koa';
import { healthReport } from '../shared/core/health/health';
import type { BackupSettings } from '../shared/db/backup';

/** GET /sante: 200 with the report when all is well, 503 saying what is wrong (for a supervisor or a proxy). */
export function healthRoute(db: Knex, backups?: BackupSettings): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/sante' || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const report = await healthReport(db, backups);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = report.status === 'ok' ? 200 : 503;
    ctx.body = report;
  };
}
