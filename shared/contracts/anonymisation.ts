import { isoDate } from './common';
import { z } from './zod-fr';

/** How many years after its last activity a family is anonymised: the commune's setting. */
export const ANONYMISE_YEARS = { min: 2, max: 30, default: 6 } as const;

export const anonymisationYearsInput = z
  .object({
    years: z
      .number('Indiquez un nombre d’années.')
      .int('Indiquez un nombre entier d’années.')
      .min(ANONYMISE_YEARS.min, `Au moins ${ANONYMISE_YEARS.min} ans.`)
      .max(ANONYMISE_YEARS.max, `Au plus ${ANONYMISE_YEARS.max} ans.`),
  })
  .strict();

/** What the admin read: switching the job on, or running it, is refused if the list has changed since. */
export const anonymisationConfirmInput = z.object({ goneBefore: isoDate }).strict();

/** A family the next run will anonymise, as the preview lists it. */
export interface GoneFamilyView {
  familyId: number;
  familyNumber: string;
  /** The last day something happened for it: an enrolment's end, a day in the planning, an invoice, a payment, a login, a request. */
  lastActivityOn: string;
}

export interface AnonymisationView {
  years: number;
  /** The job runs only once an admin has read the list and switched it on (ISO instant), or never. */
  enabledAt: string | null;
  /** Families whose last activity is before this day are gone. */
  goneBefore: string;
  /** How many are due now (the list shows the first ones). */
  total: number;
  families: GoneFamilyView[];
  /** Families anonymised so far, by the job. */
  anonymisedSoFar: number;
}
