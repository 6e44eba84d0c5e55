import { z } from './zod-fr';
import { entityId, isoDate, optionalText, yearMonth } from './common';
import { ABSENCE_DETAILS_MAX, ABSENCE_REASONS } from '../domain/labels';

/** A child's month as the agent sees it from the family page. */
export const agentChildMonthInput = z.object({ familyId: entityId, childId: entityId, month: yearMonth });

export const AGENT_BOOKING_ACTIONS = ['reserve', 'cancel', 'absence'] as const;

/** As many days as a month of every service: more is a mistake, not a phone call. */
export const AGENT_BOOKING_MAX_DAYS = 200;

/**
 * Days booked, cancelled or marked absent by an agent for a family. The rules are the portal's;
 * « Motif de la dérogation », when given, lets the agent pass a deadline or a full day, and is
 * recorded with each day it passed.
 */
export const agentBookingInput = z
  .object({
    familyId: entityId,
    childId: entityId,
    action: z.enum(AGENT_BOOKING_ACTIONS, { error: 'Choisissez : réserver, annuler ou déclarer une absence.' }),
    selections: z
      .array(z.object({ serviceId: entityId, date: isoDate }))
      .min(1, { error: 'Cochez au moins un jour dans le planning.' })
      .max(AGENT_BOOKING_MAX_DAYS, { error: `${AGENT_BOOKING_MAX_DAYS} jours au plus à la fois.` }),
    motif: z.enum(ABSENCE_REASONS, { error: 'Choisissez la raison de l’absence dans la liste.' }).nullable().default(null),
    details: optionalText(ABSENCE_DETAILS_MAX),
    overrideReason: optionalText(300),
  })
  .superRefine((input, issues) => {
    if (input.action === 'absence' && !input.motif) {
      issues.addIssue({ code: 'custom', path: ['motif'], message: 'Indiquez la raison de l’absence.' });
    }
  });

export interface AgentPlanningCell {
  date: string;
  state: string | null;
  mark: string | null;
  attendance: string | null;
  selectable: boolean;
}

export interface AgentChildMonth {
  child: { id: number; firstName: string; lastName: string };
  month: string;
  previousMonth: string;
  nextMonth: string;
  days: Array<{ date: string; header: string; weekend: boolean }>;
  rows: Array<{ serviceId: number; structure: string; service: string; cells: AgentPlanningCell[] }>;
}

export interface AgentBookingOutcome {
  serviceName: string;
  date: string;
  result: 'accepted' | 'pending' | 'waiting_list' | 'refused';
  message: string;
}
