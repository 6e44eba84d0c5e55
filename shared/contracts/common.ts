import { z } from './zod-fr';

export const isoDate = z
  .string({ error: 'Date attendue.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Date attendue au format AAAA-MM-JJ.' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    error: "Cette date n'existe pas.",
  });

/** A date that must be given: « La date de naissance est obligatoire. » when left empty, then a real date. */
export const requiredDate = (what: string) =>
  z
    .string({ error: `${what} est obligatoire.` })
    .trim()
    .min(1, { error: `${what} est obligatoire.` })
    .pipe(isoDate);

/** A free text field: trimmed, empty allowed, bounded. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `${max} caractères au maximum.` })
    .default('');

export const requiredText = (max: number, what: string) =>
  z
    .string({ error: `${what} est obligatoire.` })
    .trim()
    .min(1, { error: `${what} est obligatoire.` })
    .max(max, { error: `${max} caractères au maximum.` });

export const frenchPhone = z
  .string()
  .trim()
  .default('')
  .refine((s) => s === '' || /^(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}$/.test(s), {
    error: 'Numéro de téléphone invalide (10 chiffres, par exemple 02 48 66 61 61).',
  });

export const optionalEmail = z
  .string()
  .trim()
  .max(120, { error: '120 caractères au maximum.' })
  .default('')
  .refine((s) => s === '' || z.email().safeParse(s).success, { error: 'Adresse e-mail invalide.' });

export const postalCode = z
  .string()
  .trim()
  .default('')
  .refine((s) => s === '' || /^\d{5}$/.test(s), { error: 'Code postal invalide (5 chiffres).' });

export const entityId = z.coerce
  .number({ error: 'Identifiant invalide.' })
  .int({ error: 'Identifiant invalide.' })
  .positive({ error: 'Identifiant invalide.' });

/** A month of the calendar, as the planning screens name it: 2026-12. */
export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'Mois attendu au format AAAA-MM.' });
