import { z } from './zod-fr';
import { entityId } from './common';

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
] as const;
/** Bookings follow each service's own validation setting, not the request modes. */
export const PLANNING_REQUEST_CATEGORIES: readonly RequestCategory[] = ['reservation', 'cancellation', 'absence'];
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number];

export const requestsListInput = z.object({
  page: z.number().int().min(0).default(0),
  pageSize: z.number().int().min(1).max(100).default(25),
  state: z.enum(['pending', 'accepted', 'refused', 'withdrawn']).default('pending'),
  category: z.enum(REQUEST_CATEGORIES).optional(),
  search: z.string().trim().max(100).default(''),
  sortDirection: z.enum(['asc', 'desc']).default('asc'),
});

export const requestDecisionInput = z.object({
  id: entityId,
  /** Accept although the record changed since the request was made (the agent saw the conflict). */
  overrideConflict: z.boolean().default(false),
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

export interface RequestDetail extends RequestQueueRow {
  familyComment: string;
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
