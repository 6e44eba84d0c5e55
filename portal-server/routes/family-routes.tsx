import Router from '@koa/router';
import { today } from '../../shared/core/clock';
import { accountStatement } from '../../shared/core/billing/statement';
import { familyAccountView, familyChildren } from '../../shared/core/families/family-account-view';
import { homeView, portalHeader } from '../../shared/core/home/service';
import { familyInbox } from '../../shared/core/messages/family-inbox';
import { familyRecentRequests } from '../../shared/core/requests/family-requests';
import { AccountPage } from '../views/account-page';
import { ChildrenPage } from '../views/children-page';
import { HomePage } from '../views/home-page';
import { InboxPage } from '../views/inbox-page';
import { RequestsPage } from '../views/requests-page';
import { StatementPage } from '../views/statement-page';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';
import { requireFamily } from './guards';

/** The family's own pages: every query is scoped by the session's family, never by the URL. */
export function familyRoutes(deps: PortalDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  const { db, clock } = deps;

  router.get('/accueil', requireFamily, async (ctx) => {
    const session = ctx.state.session!;
    const view = await homeView(db, clock, session.actor.familyId);
    ctx.body = renderPage(<HomePage view={view} csrfToken={session.csrfToken} />);
  });

  router.get('/mon-compte', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const [header, view] = [await portalHeader(db, clock, actor.familyId), await familyAccountView(db, actor.familyId)];
    ctx.body = renderPage(<AccountPage header={header} csrfToken={csrfToken} view={view} />);
  });

  router.get('/mes-enfants', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const [header, children] = [await portalHeader(db, clock, actor.familyId), await familyChildren(db, actor.familyId)];
    ctx.body = renderPage(<ChildrenPage header={header} csrfToken={csrfToken} children={children} />);
  });

  router.get('/releve-de-compte', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const requestedYear = typeof ctx.query.annee === 'string' ? ctx.query.annee : undefined;
    const header = await portalHeader(db, clock, actor.familyId);
    const statement = await accountStatement(db, actor.familyId, requestedYear, today(clock));
    const settings = await db('commune_settings').where({ id: 1 }).first('treasury_name', 'treasury_phone');
    ctx.body = renderPage(<StatementPage header={header} csrfToken={csrfToken} statement={statement} treasury={{ name: settings?.treasury_name ?? '', phone: settings?.treasury_phone ?? '' }} />);
  });

  router.get('/boite-de-reception', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const [header, inbox] = [await portalHeader(db, clock, actor.familyId), await familyInbox(db, actor.familyId)];
    ctx.body = renderPage(<InboxPage header={header} csrfToken={csrfToken} inbox={inbox} />);
  });

  router.get('/liste-des-demandes', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const header = await portalHeader(db, clock, actor.familyId);
    const requests = await familyRecentRequests(db, actor.familyId, today(clock));
    ctx.body = renderPage(<RequestsPage header={header} csrfToken={csrfToken} requests={requests} />);
  });

  return router;
}
