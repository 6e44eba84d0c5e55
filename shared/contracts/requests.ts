import { z } from './zod-fr';
import { entityId, isoDate } from './common';

export const REQUEST_CATEGORIES = [
  'responsable',
  'conjoint',
  'fiscal',
  'caf',
  'bank',
  'authorized_persons',
  'child_information',
  'health',
  'vaccinations',
  'add_child',
  'reservation',
  'cancellation',
  'absence',
  'enrolment',
] as const;
/** Bookings follow each service's own validation setting, not the request modes. */
export const PLANNING_REQUEST_CATEGORIES: readonly RequestCategory[] = ['reservation', 'cancellation', 'absence'];
/** Always decided by an agent, whatever the request modes say: an enrolment takes a place for the year. */
export const AGENT_ONLY_REQUEST_CATEGORIES: readonly RequestCategory[] = ['enrolment'];
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number];

export const requestsListInput = z.object({
  page: z.number().int().min(0).default(0),
  pageSize: z.number().int().min(1).max(100).default(25),
  state: z.enum(['pending', 'accepted', 'refused', 'withdrawn']).default('pending'),
  category: z.enum(REQUEST_CATEGORIES).optional(),
  search: z.string().trim().max(100).default(''),
  sortDirection: z.enum(['asc', 'desc']).default('asc'),
});

export const requestDecisionInput = z
  .object({
    id: entityId,
    /** Accept although the record changed since the request was made (the agent saw the conflict). */
    overrideConflict: z.boolean().default(false),
    /** Of a reservation, the days the agent does not accept (the others are); the family reads why. */
    refusedDates: z.array(isoDate).max(400, { error: '400 jours au maximum.' }).default([]),
    reason: z.string().trim().max(500, { error: '500 caractères au maximum.' }).default(''),
  })
  .superRefine((input, issues) => {
    if (input.refusedDates.length > 0 && input.reason.length < 3) {
      issues.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'Le motif du refus est obligatoire pour les jours non acceptés (3 caractères au moins).',
      });
    }
  });

export const requestRefusalInput = z.object({
  id: entityId,
  reason: z
    .string({ error: 'Le motif du refus est obligatoire.' })
    .trim()
    .min(3, { error: 'Le motif du refus est obligatoire (3 caractères au moins).' })
    .max(500),
});

export const requestModesInput = z.object({
  modes: z.partialRecord(z.enum(REQUEST_CATEGORIES), z.enum(['agent', 'automatic'])),
});

export interface RequestQueueRow {
  id: number;
  category: RequestCategory;
  categoryLabel: string;
  familyId: number;
  familyNumber: string;
  familyName: string;
  childName: string;
  createdAt: string;
  state: string;
}

export interface RequestChange {
  field: string;
  label: string;
  /** The value when the family asked. */
  before: string;
  /** The value asked for. */
  after: string;
  /** The value now, when it differs from `before`: someone changed the record meanwhile. */
  nowDiffers: boolean;
  now: string;
}

/** A day of a booking request, with the places left on it for a reservation still to decide. */
export interface RequestDay {
  date: string;
  /** Places that would be left for this child (booked and held places counted), null when the service has no capacity or the request is not a pending reservation. */
  placesLeft: number | null;
  capacity: number | null;
  /** Shut by a closure added since the request: it cannot be accepted. */
  closed: boolean;
  /** Refused when the request was accepted for its other days. */
  refused: boolean;
}

export interface RequestDetail extends RequestQueueRow {
  familyComment: string;
  /** The days of a reservation, a cancellation or an absence (empty for the other types). */
  days: RequestDay[];
  changes: RequestChange[];
  /** Lines for requests that are not field changes (a new child, a list of persons). */
  summary: string[];
  hasConflict: boolean;
  decidedAt: string | null;
  decidedBy: string | null;
  refusalReason: string | null;
}

import {
  frenchPhone as phoneField,
  isoDate as dateField,
  optionalText as textField,
  requiredDate,
  requiredText as needText,
} from './common';

export const authorizedPersonInput = z.object({
  lastName: needText(80, 'Le nom'),
  firstName: needText(80, 'Le prénom'),
  relationship: textField(60),
  phone: phoneField.refine((s) => s !== '', { error: 'Le téléphone est obligatoire.' }),
  emergencyContact: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()).default(false),
});
export type AuthorizedPersonInput = z.output<typeof authorizedPersonInput>;

export const authorizedPersonsInput = z.object({
  persons: z.array(authorizedPersonInput).max(8, { error: '8 personnes au maximum.' }),
});

export const addChildRequestInput = z.object({
  lastName: needText(80, 'Le nom'),
  firstName: needText(80, 'Le prénom'),
  sex: z.enum(['F', 'M', ''], { error: 'Sexe : F ou M.' }).default(''),
  birthDate: requiredDate('La date de naissance'),
  school: textField(120),
  grade: textField(20),
  comment: textField(500),
});

/** A family asks to enrol a child in a service for a period, with the weekdays it will come every week. */
export const enrolmentRequestInput = z
  .object({
    serviceId: z.coerce.number({ error: 'Choisissez la prestation.' }).int().positive({ error: 'Choisissez la prestation.' }),
    startsOn: requiredDate('La date de début'),
    endsOn: requiredDate('La date de fin'),
    /** ISO weekdays (1 Monday … 7 Sunday); none: the days will be booked one by one. */
    weekdays: z.array(z.coerce.number().int().min(1).max(7)).max(7).default([]),
    comment: textField(500),
  })
  .refine((e) => e.startsOn <= e.endsOn, { error: 'La date de fin doit suivre la date de début.', path: ['endsOn'] });
export type EnrolmentRequestInput = z.output<typeof enrolmentRequestInput>;

export const vaccinationInput = z.object({
  vaccine: needText(80, 'Le vaccin'),
  vaccinatedOn: z.preprocess((v) => (v === '' || v === undefined ? null : v), dateField.nullable()),
  boosterDueOn: z.preprocess((v) => (v === '' || v === undefined ? null : v), dateField.nullable()),
});
export type VaccinationInput = z.output<typeof vaccinationInput>;

export const vaccinationsInput = z.object({
  vaccinations: z.array(vaccinationInput).max(20, { error: '20 vaccins au maximum.' }),
});

/** The requests an agent ticks in the queue; a page's worth at most. */
export const requestsAcceptManyInput = z
  .object({
    ids: z.array(entityId).min(1, { error: 'Cochez au moins une demande.' }).max(100, { error: '100 demandes au plus à la fois.' }),
  })
  .strict();

export interface AcceptManyResult {
  accepted: number[];
  /** The ones left pending, each with why (a conflict to look at, already decided…). */
  notAccepted: Array<{ id: number; message: string }>;
}
