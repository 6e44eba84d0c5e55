import Router from '@koa/router';
import type { Context } from 'koa';
import { calendarFeedText, createCalendarFeed, revokeCalendarFeed } from '../../shared/core/planning/calendar-feed';
import type { FamilyActorRef } from '../../shared/core/messages/family-messaging';
import type { PortalDeps, PortalState } from '../portal-context';
import { sourceOf } from '../security';
import { renderChildPage } from './child-page';
import { familyNotFound, idParam } from './family-not-found';
import { requireCsrf, requireFamily } from './guards';

type PortalContext = Context & { state: PortalState; params: Record<string, string> };

/** The address a calendar app subscribes to; the token is its only secret. */
const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

/**
 * « Agenda » in the phone's calendar: a family makes (or remakes) a private address for a child's
 * days and can revoke it; the calendar app reads it without a session, by the secret in its path.
 */
export function calendarRoutes(deps: PortalDeps): Router<PortalState> {
  const { db, clock } = deps;
  const router = new Router<PortalState>();
  const who = (ctx: PortalContext): FamilyActorRef => {
    const { actor } = ctx.state.session!;
    return { familyId: actor.familyId, accountId: actor.accountId, login: actor.login, source: sourceOf(ctx) };
  };

  router.post('/mes-enfants/:childId/agenda', requireFamily, requireCsrf, async (ctx) => {
    const childId = idParam(ctx.params.childId);
    const token = childId === null ? null : await createCalendarFeed(db, clock, who(ctx), childId);
    if (token === null) return familyNotFound(deps, ctx, 'Cet enfant');
    // Shown once, on this page only: the address is never stored, so it cannot be shown again.
    const feedUrl = new URL(`/agenda/${token}.ics`, deps.portalBaseUrl).toString();
    await renderChildPage(deps, ctx, { feedUrl }, db);
  });

  router.post('/mes-enfants/:childId/agenda/revoquer', requireFamily, requireCsrf, async (ctx) => {
    const childId = idParam(ctx.params.childId);
    if (childId === null) return familyNotFound(deps, ctx, 'Cet enfant');
    const revoked = await revokeCalendarFeed(db, clock, who(ctx), childId);
    await renderChildPage(deps, ctx, { revoked }, db);
  });

  router.get('/agenda/:file', async (ctx) => {
    const token = FEED_FILE.exec(ctx.params.file)?.[1];
    const text = token ? await calendarFeedText(db, clock, token) : null;
    if (text === null) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'Agenda introuvable : cette adresse n’existe pas ou a été révoquée.';
      return;
    }
    ctx.type = 'text/calendar; charset=utf-8';
    ctx.set('Content-Disposition', 'inline; filename="agenda.ics"');
    ctx.body = text;
  });

  return router;
}
