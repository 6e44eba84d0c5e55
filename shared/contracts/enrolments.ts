import { z } from './zod-fr';
import { entityId, isoDate } from './common';

export const enrolmentCreateInput = z
  .object({
    childId: entityId,
    serviceId: entityId,
    startsOn: isoDate,
    endsOn: isoDate,
    /** « Régulier »: the ISO weekdays booked every week (1 Monday … 5 Friday); empty for day-by-day booking. */
    regularWeekdays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
  })
  .refine((e) => e.startsOn <= e.endsOn, { error: 'La fin doit suivre le début.', path: ['endsOn'] });

export const enrolmentEndInput = z.object({ id: entityId, endsOn: isoDate });

export interface EnrolmentView {
  id: number;
  serviceId: number;
  serviceLabel: string;
  startsOn: string;
  endsOn: string;
  regularWeekdays: number[];
}
