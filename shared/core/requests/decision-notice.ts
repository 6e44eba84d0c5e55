import { ownValue } from '../../domain/own-key';
import { REQUEST_CATEGORY_LABELS } from '../../domain/labels';
import { isoDateInTimeZone } from '../../domain/french-dates';
import { portalBaseUrl } from '../accounts/portal-tokens';
import { bool } from '../families/presenter';
import { queueStaffEmail } from '../mail/queue';
import type { StaffCtx } from '../operation';
import type { StoredRequest } from './apply';
import { openedProposal } from './family-requests';
import { appliedDates } from './request-days';
import { daysLine, frenchDay, summaryLines } from './request-summary';

/**
 * What an e-mail may say of what was asked: the days and the service of a booking, never a
 * record's content (health data, bank details, addresses stay behind the login).
 */
const SAID_IN_FULL = new Set(['reservation', 'cancellation', 'absence']);

/**
 * Tells the family that an agent accepted or refused its request, with the refusal's reason,
 * when its responsable accepts e-mails (« Autorisation courriel »). Queued in the decision's
 * transaction: a decision rolled back sends nothing.
 */
export async function tellFamilyOfDecision(
  ctx: StaffCtx,
  request: StoredRequest & { created_at?: string },
  decision: { accepted: true; refusedDates?: string[]; reason?: string } | { accepted: false; reason: string },
): Promise<void> {
  const adult = await ctx
    .db('family_adults')
    .where({ family_id: request.family_id, role: 'responsable' })
    .first('email', 'email_allowed', 'civility', 'first_name', 'last_name');
  if (!adult?.email || !bool(adult.email_allowed)) return; // « Autorisation courriel » : Non
  const commune = (await ctx.db('commune_settings').where({ id: 1 }).first('name'))?.name ?? 'Mairie';
  const child = request.child_id ? await ctx.db('children').where({ id: request.child_id }).first('first_name') : null;
  const label = ownValue(REQUEST_CATEGORY_LABELS, request.category) ?? 'Demande';
  const proposed = openedProposal(request.category, request.proposed_json);
  const service =
    SAID_IN_FULL.has(request.category) && typeof proposed.serviceCode === 'string'
      ? await ctx.db('services').where({ code: proposed.serviceCode }).first('name')
      : null;
  const asked = request.created_at ? `, du ${frenchDay(isoDateInTimeZone(new Date(request.created_at)))}` : '';
  const refused = decision.accepted ? (decision.refusedDates ?? []) : [];
  // A reservation accepted for some days: the e-mail lists the days booked, then those refused and why.
  const applied = refused.length > 0 ? { ...proposed, dates: appliedDates(request) } : proposed;
  const what = SAID_IN_FULL.has(request.category) ? summaryLines(request.category, applied, service?.name ?? null) : [];
  if (refused.length > 0) what.push(`Jours refusés : ${daysLine(refused)}`);
  const verdict = !decision.accepted ? 'refusée' : refused.length > 0 ? 'acceptée en partie' : 'acceptée';
  const url = await portalBaseUrl(ctx.db, ctx.portalBaseUrl);
  const name = [adult.civility, adult.first_name, adult.last_name].filter(Boolean).join(' ');
  await queueStaffEmail(ctx, {
    to: adult.email,
    subject: `${commune} — votre demande « ${label} » est ${verdict}`.slice(0, 200),
    text: [
      `Bonjour ${name},`,
      [`Votre demande « ${label} »${child ? ` pour ${child.first_name}` : ''}${asked} a été ${verdict}.`, ...what].join('\n'),
      !decision.accepted || refused.length > 0 ? `Motif du refus : ${decision.reason}` : '',
      `Vous retrouvez vos demandes dans l’onglet « Liste des demandes » du Portail Famille : ${url}/liste-des-demandes`,
      `Ce courriel vous est envoyé parce que vous avez accepté d’être prévenu par courriel.\n${commune}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
  });
}
