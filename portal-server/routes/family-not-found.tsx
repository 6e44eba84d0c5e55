import type { Context } from 'koa';
import { sessionHeader } from './page-header';
import { NotFoundPage } from '../views/not-found-page';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';

/** An id from the URL: digits only, or null (nothing else reaches a query). */
export const idParam = (value: string | undefined) => (value && /^\d{1,9}$/.test(value) ? Number(value) : null);

/**
 * The same 404 page for something that does not exist and for something of another household,
 * so that a family learns nothing from ids it tries.
 */
export async function familyNotFound(deps: Pick<PortalDeps, 'clock'>, ctx: Context & { state: PortalState }, what: string): Promise<void> {
  const { csrfToken } = ctx.state.session!;
  ctx.status = 404;
  ctx.body = renderPage(<NotFoundPage header={sessionHeader(ctx, deps.clock)} csrfToken={csrfToken} what={what} />);
}
