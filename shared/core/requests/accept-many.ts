import type { z } from '../../contracts/zod-fr';
import { type AcceptManyResult, requestsAcceptManyInput } from '../../contracts/requests';
import { OperationError } from '../errors';
import { staffOperation, type StaffCtx } from '../operation';
import { acceptRequest } from './decide';
import { lockServicesOf } from './request-days';

/**
 * « Accepter la sélection »: each ticked request is accepted as if on its own, in a savepoint of
 * the call's transaction, so that one whose record changed since (a conflict the agent must look
 * at) or that another agent decided meanwhile stays as it is while the others are accepted.
 */
export async function acceptManyRequests(ctx: StaffCtx, input: z.output<typeof requestsAcceptManyInput>): Promise<AcceptManyResult> {
  const result: AcceptManyResult = { accepted: [], notAccepted: [] };
  const ids = [...new Set(input.ids)];
  // Every service concerned locked before the first request is claimed, as a single accept does:
  // locking them one request at a time would take locks in an order another agent may reverse.
  await lockServicesOf(ctx.db, await ctx.db('requests').whereIn('id', ids).select('category', 'proposed_json'));
  for (const id of ids) {
    try {
      await ctx.db.transaction(async (savepoint) => {
        await acceptRequest({ ...ctx, db: savepoint }, { id, overrideConflict: false, refusedDates: [], reason: '' });
      });
      result.accepted.push(id);
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      result.notAccepted.push({ id, message: error.message });
    }
  }
  return result;
}

/** This file's operation, merged into the staff handler table. */
export const acceptManyOperations = {
  'requests.acceptMany': staffOperation({ input: requestsAcceptManyInput, access: 'agent', run: acceptManyRequests }),
};
