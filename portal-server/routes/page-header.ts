import type { Clock } from '../../shared/core/clock';
import { pageHeader, type PageHeader } from '../../shared/core/home/household-header';
import type { PortalState } from '../portal-context';

/** The header every family page shows, from what the session's own query read along: no query of its own. */
export function sessionHeader(ctx: { state: PortalState }, clock: Clock): PageHeader {
  return pageHeader(ctx.state.session!.household, clock);
}
