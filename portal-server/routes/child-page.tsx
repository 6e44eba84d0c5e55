import type { Context } from 'koa';
import { familyChildDetail } from '../../shared/core/families/family-child-view';
import { calendarFeedSince } from '../../shared/core/planning/calendar-feed';
import { familyPendingRequests } from '../../shared/core/requests/family-requests';
import { CHILDREN_REQUEST_CATEGORIES } from '../../shared/domain/labels';
import type { PortalDeps, PortalState } from '../portal-context';
import { ChildPage, type CalendarCardState } from '../views/detail-pages';
import { renderPage } from '../views/render';
import { familyNotFound, idParam } from './family-not-found';
import { sessionHeader } from './page-header';
import { requestNotice } from './request-notice';

/**
 * A child's page (manual « Mes enfants » b), for its own URL and for the calendar's buttons,
 * which show the new address on it once. Reads through the writer when a button has just written.
 */
export async function renderChildPage(
  deps: PortalDeps,
  ctx: Context & { state: PortalState; params: Record<string, string> },
  calendar: Omit<CalendarCardState, 'since'> = {},
  readFrom = deps.reader,
): Promise<void> {
  const { actor, csrfToken } = ctx.state.session!;
  const childId = idParam(ctx.params.childId);
  const child = childId === null ? null : await familyChildDetail(readFrom, actor.familyId, childId);
  if (!child) return familyNotFound(deps, ctx, 'Cet enfant');
  const pendingRequests = await familyPendingRequests(
    readFrom,
    actor.familyId,
    CHILDREN_REQUEST_CATEGORIES.filter((c) => c !== 'add_child'),
    child.id,
  );
  const feed = await calendarFeedSince(readFrom, actor.familyId, child.id);
  ctx.body = renderPage(
    <ChildPage
      header={sessionHeader(ctx, deps.clock)}
      csrfToken={csrfToken}
      child={child}
      pendingRequests={pendingRequests}
      notice={requestNotice(ctx.query.demande)}
      calendar={{ ...calendar, since: feed?.since ?? null }}
    />,
  );
}
