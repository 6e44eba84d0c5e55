import { z } from './zod-fr';
import { entityId, isoDate, optionalText } from './common';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Heure attendue au format HH:MM.' });

export const serviceSettingsInput = z.object({
  id: entityId,
  capacityPerDay: z.number().int().min(1, { error: 'Au moins 1 place.' }).max(10_000).nullable(),
  /** How long a day of the service lasts, for the statistics' hours (the CAF's « heures réalisées »); null: not said. */
  minutesPerDay: z
    .number({ error: 'Durée en heures attendue, par exemple 1,5.' })
    .int()
    .min(15, { error: 'Un quart d’heure au moins.' })
    .max(14 * 60, { error: '14 heures au plus.' })
    .nullable()
    .default(null),
  /** When it runs: school days, Wednesdays, holidays, and on which weekdays (1 Monday … 7 Sunday). */
  runsSchoolDays: z.boolean(),
  runsWednesdays: z.boolean(),
  runsHolidays: z.boolean(),
  weekdays: z.array(z.number().int().min(1).max(7)).min(1, { error: 'Choisissez au moins un jour.' }).max(7),
  validationMode: z.enum(['automatic', 'agent'], { error: 'Validation : automatique ou par un agent.' }),
  billLateCancellation: z.boolean(),
  reservationKind: z.enum(['days_before', 'weekday_previous_week']),
  reservationDaysBefore: z.number().int().min(0).max(60),
  reservationWeekday: z.number().int().min(1).max(7).nullable(),
  reservationTime: time,
  cancellationKind: z.enum(['days_before', 'weekday_previous_week']),
  cancellationDaysBefore: z.number().int().min(0).max(60),
  cancellationWeekday: z.number().int().min(1).max(7).nullable(),
  cancellationTime: time,
  businessDaysOnly: z.boolean(),
});
export type ServiceSettings = z.output<typeof serviceSettingsInput> & { label: string };

/** Where and when a closure shuts: a service, a structure, or every structure (both null). */
export const closureScopeInput = z
  .object({
    /** null: every structure. */
    structureId: entityId.nullable(),
    serviceId: entityId.nullable(),
    startsOn: isoDate,
    endsOn: isoDate,
  })
  .refine((c) => c.startsOn <= c.endsOn, { error: 'La fin doit suivre le début.', path: ['endsOn'] })
  // A year at most: the bookings one closure cancels (and the families it tells) stay bounded.
  .refine((c) => Date.parse(c.endsOn) - Date.parse(c.startsOn) < 366 * 86_400_000, {
    error: 'Une fermeture dure un an au plus.',
    path: ['endsOn'],
  });

export const closureInput = z.intersection(
  closureScopeInput,
  z.object({
    reason: optionalText(200),
    /** Tell each family whose bookings the closure cancels (a message on the portal, an e-mail when accepted). */
    tellFamilies: z.boolean().default(false),
  }),
);

/** What a closure would do to the bookings, shown before it is added. */
export interface ClosureImpact {
  /** Booked days (reserved or regular, not yet invoiced nor marked) it cancels. */
  cancelledDays: number;
  children: number;
  families: number;
  /** Days of those dates already invoiced or marked at the roll call: left as they are. */
  untouchedDays: number;
  /** The first families by name, each with its children's days. */
  sample: Array<{ familyId: number; familyName: string; days: string }>;
}

export interface ClosureAdded {
  closures: ClosureView[];
  cancelledDays: number;
  familiesTold: number;
}

export interface ClosureView {
  id: number;
  scope: string;
  startsOn: string;
  endsOn: string;
  reason: string;
}

export const holidayUpdateInput = z
  .object({ id: entityId, startsOn: isoDate, endsOn: isoDate })
  .refine((h) => h.startsOn <= h.endsOn, { error: 'La fin doit suivre le début.', path: ['endsOn'] });

export interface HolidayView {
  id: number;
  schoolYear: string;
  kind: 'P' | 'G';
  name: string;
  startsOn: string;
  endsOn: string;
}
