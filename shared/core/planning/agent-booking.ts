import type { z } from '../../contracts/zod-fr';
import { agentBookingInput, agentChildMonthInput, type AgentBookingOutcome, type AgentChildMonth } from '../../contracts/planning';
import { today } from '../clock';
import { notFound } from '../errors';
import { staffOperation, type StaffCtx } from '../operation';
import { bookDaysAs } from './booking';
import { childPlanningMonth } from './child-month';

function staffActor(ctx: StaffCtx) {
  if (ctx.actor.kind !== 'staff') throw new Error('Réservé aux agents.');
  return ctx.actor;
}

/** A child's month, read from the family page: the planning the parent sees, with the days one may still act on. */
export async function agentChildMonth(ctx: StaffCtx, input: z.output<typeof agentChildMonthInput>): Promise<AgentChildMonth> {
  const month = await childPlanningMonth(ctx.db, input.familyId, input.childId, input.month, today(ctx.clock));
  if (!month) throw notFound('Enfant');
  return { ...month, rows: month.rows.map(({ responsable: _responsable, ...row }) => row) };
}

/**
 * « Réserver », « Annuler » or « Absence » entered by an agent for a family that phoned or wrote:
 * the portal's rules, applied at once, in the call's transaction; the audit log and the family's
 * « Liste des demandes » say which agent entered it.
 */
export async function agentBookDays(ctx: StaffCtx, input: z.output<typeof agentBookingInput>): Promise<AgentBookingOutcome[]> {
  const agent = staffActor(ctx);
  const outcomes = await bookDaysAs(
    ctx.db,
    ctx.clock,
    { kind: 'staff', familyId: input.familyId, userId: agent.userId, username: agent.username, overrideReason: input.overrideReason },
    {
      childId: input.childId,
      action: input.action,
      selections: input.selections,
      reason: input.action === 'absence' ? [input.motif, input.details].filter(Boolean).join(' — ') : '',
      repeatWeekly: false,
      source: ctx.source,
    },
  );
  if (!outcomes) throw notFound('Enfant');
  return outcomes;
}

/** This folder's agent operations, merged into the staff handler table. */
export const agentBookingOperations = {
  'planning.childMonth': staffOperation({ input: agentChildMonthInput, access: 'agent', run: agentChildMonth }),
  'planning.book': staffOperation({ input: agentBookingInput, access: 'agent', run: agentBookDays }),
};
