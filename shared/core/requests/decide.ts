import { openedProposal } from './family-requests';
import type { z } from 'zod';
import type { requestDecisionInput, requestRefusalInput, RequestDetail } from '../../contracts/requests';
import { audit } from '../audit/audit-log';
import { nowIso } from '../clock';
import { conflict, notFound, OperationError } from '../errors';
import { tellFamilyOfDecision } from './decision-notice';
import type { StaffCtx } from '../operation';
import { applyRequest, conflictingKeys, currentValues, type StoredRequest } from './apply';
import { requestDetail } from './queue';
import { appliedDates, checkDaysToAccept, lockServicesOf } from './request-days';

async function loadPending(
  ctx: StaffCtx,
  id: number,
): Promise<StoredRequest & { state: string; decided_by: number | null; created_at: string }> {
  const request = await ctx.db('requests').where({ id }).first();
  if (!request) throw notFound('Demande');
  return request;
}

/**
 * Marks the request decided only if it is still pending: of two agents deciding at once, the
 * second finds it decided and is told by whom, and nothing of theirs is applied.
 */
async function claim(ctx: StaffCtx, id: number, columns: Record<string, unknown>): Promise<void> {
  // Decided: the request no longer holds its « one pending per child and service » key.
  const updated = await ctx
    .db('requests')
    .where({ id, state: 'pending' })
    .update({ ...columns, pending_key: null });
  if (updated === 1) return;
  const row = await ctx
    .db('requests as r')
    .leftJoin('staff_users as s', 's.id', 'r.decided_by')
    .where('r.id', id)
    .first('r.state', 's.display_name');
  const how = row?.state === 'accepted' ? 'acceptée' : row?.state === 'refused' ? 'refusée' : 'retirée par la famille';
  throw conflict(`Cette demande a déjà été ${how}${row?.display_name ? ` par ${row.display_name}` : ''} : rechargez la liste.`);
}

export async function acceptRequest(ctx: StaffCtx, input: z.output<typeof requestDecisionInput>): Promise<RequestDetail> {
  if (ctx.actor.kind !== 'staff') throw new OperationError('unauthenticated', 'Veuillez vous connecter.');
  const request = await loadPending(ctx, input.id);
  if (request.state === 'pending' && !input.overrideConflict) {
    const keys = conflictingKeys(
      openedProposal(request.category, request.previous_json),
      openedProposal(request.category, request.proposed_json),
      await currentValues(ctx.db, request),
    );
    if (keys.length > 0) {
      throw new OperationError(
        'conflict',
        'La fiche a été modifiée depuis la demande : vérifiez les valeurs actuelles avant d’accepter.',
        Object.fromEntries(keys.map((k) => [k, 'Modifié depuis la demande'])),
      );
    }
  }
  // The service first, then the request: the order bookings and « Accepter la sélection » lock in.
  await lockServicesOf(ctx.db, [request]);
  const at = nowIso(ctx.clock);
  const refusedDates = [...new Set(input.refusedDates)].sort();
  const partial = refusedDates.length > 0;
  await claim(ctx, input.id, {
    state: 'accepted',
    decided_at: at,
    decided_by: ctx.actor.userId,
    refused_dates_json: partial ? JSON.stringify(refusedDates) : null,
    refusal_reason: partial ? input.reason : null,
  });
  // After the claim: of two agents, only the one who decided counts the places and takes them.
  await checkDaysToAccept(ctx.db, request, refusedDates);
  const decided = { ...request, refused_dates_json: partial ? JSON.stringify(refusedDates) : null };
  await applyRequest(ctx.db, decided, at);
  await audit(ctx, {
    action: 'request.accept',
    entity: 'request',
    entityId: input.id,
    details: {
      category: request.category,
      familyId: request.family_id,
      childId: request.child_id,
      applied: partial
        ? { ...openedProposal(request.category, request.proposed_json), dates: appliedDates(decided) }
        : openedProposal(request.category, request.proposed_json),
      overrideConflict: input.overrideConflict,
      ...(partial ? { refusedDates, reason: input.reason } : {}),
    },
  });
  await tellFamilyOfDecision(ctx, decided, partial ? { accepted: true, refusedDates, reason: input.reason } : { accepted: true });
  return requestDetail(ctx, input.id);
}

export async function refuseRequest(ctx: StaffCtx, input: z.output<typeof requestRefusalInput>): Promise<RequestDetail> {
  if (ctx.actor.kind !== 'staff') throw new OperationError('unauthenticated', 'Veuillez vous connecter.');
  const request = await loadPending(ctx, input.id);
  await claim(ctx, input.id, {
    state: 'refused',
    decided_at: nowIso(ctx.clock),
    decided_by: ctx.actor.userId,
    refusal_reason: input.reason,
  });
  await audit(ctx, {
    action: 'request.refuse',
    entity: 'request',
    entityId: input.id,
    details: { category: request.category, familyId: request.family_id, reason: input.reason },
  });
  await tellFamilyOfDecision(ctx, request, { accepted: false, reason: input.reason });
  return requestDetail(ctx, input.id);
}
