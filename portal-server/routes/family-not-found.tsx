import type { Context } from 'koa';
import { portalHeader } from '../../shared/core/home/service';
import { NotFoundPage } from '../views/not-found-page';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';

/** An id from the URL: digits only, or null (nothing else reaches a query). */
export const idParam = (value: string | undefined) => (value && /^\d{1,9}$/.test(value) ? Number(value) : null);

/**
 * The same 404 page for something that does not exist and for something of another household,
 * so that a family learns nothing from ids it tries.
 */
export async function familyNotFound(deps: Pick<PortalDeps, 'reader' | 'clock'>, ctx: Context & { state: PortalState }, what: string): Promise<void> {
  const { actor, csrfToken } = ctx.state.session!;
  ctx.status = 404;
  ctx.body = renderPage(<NotFoundPage header={await portalHeader(deps.reader, deps.clock, actor.familyId)} csrfToken={csrfToken} what={what} />);
}
