import Router from '@koa/router';
import { homeView } from '../../shared/core/home/service';
import { HomePage } from '../views/home-page';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';
import { requireFamily } from './guards';

/** The family's own pages: every query is scoped by the session's family, never by the URL. */
export function familyRoutes(deps: PortalDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  router.get('/accueil', requireFamily, async (ctx) => {
    const session = ctx.state.session!;
    const view = await homeView(deps.db, deps.clock, session.actor.familyId);
    ctx.body = renderPage(<HomePage view={view} csrfToken={session.csrfToken} />);
  });

  return router;
}
