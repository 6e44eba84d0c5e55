import { z } from './zod-fr';
import { entityId, frenchPhone, isoDate, optionalEmail, optionalText, postalCode, requiredDate, requiredText } from './common';

export const CIVILITIES = ['Monsieur', 'Madame'] as const;
export const SITUATIONS = ['Marié', 'Pacsé', 'Vie maritale', 'Célibataire', 'Séparé', 'Divorcé', 'Veuf'] as const;

/** The fields of the manual's « Mon compte » / « Mon conjoint » tables. */
export const adultInput = z.object({
  civility: z.enum(CIVILITIES, { error: 'Choisissez la civilité (Monsieur ou Madame).' }),
  lastName: requiredText(80, 'Le nom'),
  firstName: requiredText(80, 'Le prénom'),
  quality: optionalText(40),
  birthDate: isoDate.nullable().default(null),
  address: optionalText(200),
  postalCode,
  city: optionalText(120),
  phoneHome: frenchPhone,
  phoneWork: frenchPhone,
  phoneMobile: frenchPhone,
  email: optionalEmail,
  profession: optionalText(120),
  csp: optionalText(60),
  employer: optionalText(120),
  employerAddress: optionalText(200),
  emailAllowed: z.boolean().default(false),
  smsAllowed: z.boolean().default(false),
});
export type AdultInput = z.input<typeof adultInput>;
export type Adult = z.output<typeof adultInput>;

export const familyInput = z.object({
  situation: z.union([z.enum(SITUATIONS), z.literal('')], { error: 'Situation inconnue.' }).default(''),
  attachedBody: optionalText(40),
  responsable: adultInput,
  conjoint: adultInput.nullable().default(null),
});
export type FamilyInput = z.input<typeof familyInput>;

export const familyUpdateInput = familyInput.extend({
  id: entityId,
  /** The record's version as the agent saw it: a later change by someone else is a conflict. */
  expectedVersion: z.number().int().positive(),
});

export const FAMILY_SORT_FIELDS = ['familyNumber', 'responsableName', 'city', 'childrenCount', 'updatedAt'] as const;

export const familiesListInput = z.object({
  page: z.number().int().min(0).default(0),
  pageSize: z.number().int().min(1).max(100).default(25),
  search: z.string().trim().max(100).default(''),
  sortField: z.enum(FAMILY_SORT_FIELDS).default('responsableName'),
  sortDirection: z.enum(['asc', 'desc']).default('asc'),
});
export type FamiliesListInput = z.input<typeof familiesListInput>;

export interface FamilyListRow {
  id: number;
  familyNumber: string;
  responsableName: string;
  conjointName: string;
  city: string;
  phone: string;
  email: string;
  childrenCount: number;
  updatedAt: string;
}

export interface FamiliesPage {
  rows: FamilyListRow[];
  total: number;
}

export const childInput = z.object({
  lastName: requiredText(80, 'Le nom'),
  firstName: requiredText(80, 'Le prénom'),
  sex: z.enum(['F', 'M', ''], { error: 'Sexe : F ou M.' }).default(''),
  birthDate: requiredDate('La date de naissance'),
  school: optionalText(120),
  grade: optionalText(20),
});
export type ChildInput = z.input<typeof childInput>;

export const childCreateInput = childInput.extend({ familyId: entityId });
export const childUpdateInput = childInput.extend({ id: entityId, expectedVersion: z.number().int().positive() });

export interface ChildSummary {
  id: number;
  lastName: string;
  firstName: string;
  sex: string;
  birthDate: string;
  school: string;
  grade: string;
  version: number;
  updatedAt: string;
}

export interface AdultView extends Adult {
  id: number;
}

export interface FamilyDetail {
  id: number;
  familyNumber: string;
  situation: string;
  attachedBody: string;
  responsable: AdultView;
  conjoint: AdultView | null;
  children: ChildSummary[];
  version: number;
  updatedAt: string;
}

export const byId = z.object({ id: entityId });
