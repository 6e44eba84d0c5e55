import * as ibantools from 'ibantools';
import { z } from './zod-fr';
import { frenchPhone, isoDate, optionalEmail, postalCode } from './common';

// The parts of a family's and a child's record that families ask to change and agents edit:
// one declaration per section gives the form's fields and labels, the validation, the table and
// columns to read and write. Portal forms, the request queue's old → new view and the
// back-office editors all read it.

export type FieldKind =
  | 'text'
  | 'longText'
  | 'email'
  | 'phone'
  | 'postalCode'
  | 'boolean'
  | 'date'
  | 'iban'
  | 'bic'
  | 'integer'
  | 'decimal'
  | 'select';

export interface FieldSpec {
  key: string;
  column: string;
  label: string;
  kind: FieldKind;
  max?: number;
  options?: readonly string[];
  hint?: string;
  /** Stored as value × scale (euros shown, cents stored). */
  scale?: number;
  /** Stored in capitals, as the commune's records are (names). */
  upper?: boolean;
}

export type SectionKey = 'responsable' | 'conjoint' | 'fiscal' | 'caf' | 'bank' | 'child_information' | 'health';

export interface SectionSpec {
  key: SectionKey;
  /** The manual's name of the icon that opens the form. */
  title: string;
  table: string;
  /** How the row is found: by family (with a role for the adults) or by child. */
  owner: 'family' | 'child';
  role?: 'responsable' | 'conjoint';
  fields: FieldSpec[];
}

const text = (key: string, column: string, label: string, max = 120): FieldSpec => ({ key, column, label, kind: 'text', max });
const flag = (key: string, column: string, label: string): FieldSpec => ({ key, column, label, kind: 'boolean' });

const ADULT_FIELDS: FieldSpec[] = [
  { key: 'civility', column: 'civility', label: 'Civilité', kind: 'select', options: ['Monsieur', 'Madame'] },
  { key: 'lastName', column: 'last_name', label: 'Nom', kind: 'text', max: 80, upper: true },
  { key: 'firstName', column: 'first_name', label: 'Prénom', kind: 'text', max: 80, upper: true },
  text('quality', 'quality', 'Qualité', 40),
  text('address', 'address', 'Adresse', 200),
  { key: 'postalCode', column: 'postal_code', label: 'Code postal', kind: 'postalCode' },
  text('city', 'city', 'Ville'),
  { key: 'phoneHome', column: 'phone_home', label: 'Téléphone domicile', kind: 'phone' },
  { key: 'phoneWork', column: 'phone_work', label: 'Téléphone prof.', kind: 'phone' },
  { key: 'phoneMobile', column: 'phone_mobile', label: 'Mobile', kind: 'phone' },
  { key: 'email', column: 'email', label: 'Email', kind: 'email' },
  text('profession', 'profession', 'Profession'),
  text('csp', 'csp', 'CSP', 60),
  text('employer', 'employer', 'Employeur'),
  text('employerAddress', 'employer_address', 'Adresse employeur', 200),
  flag('emailAllowed', 'email_allowed', 'Autorisation courriel'),
  flag('smsAllowed', 'sms_allowed', 'Autorisation SMS'),
];

export const SECTIONS: Record<SectionKey, SectionSpec> = {
  responsable: {
    key: 'responsable',
    title: 'Infos Responsable',
    table: 'family_adults',
    owner: 'family',
    role: 'responsable',
    fields: ADULT_FIELDS,
  },
  conjoint: {
    key: 'conjoint',
    title: 'Informations Conjoint',
    table: 'family_adults',
    owner: 'family',
    role: 'conjoint',
    fields: ADULT_FIELDS,
  },
  fiscal: {
    key: 'fiscal',
    title: 'Informations Fiscales',
    table: 'family_fiscal',
    owner: 'family',
    fields: [
      {
        key: 'benefitRegime',
        column: 'benefit_regime',
        label: 'Régime allocataire',
        kind: 'select',
        options: ['Régime général', 'MSA', 'Fonction publique', 'Autre'],
      },
      { key: 'taxYear', column: 'tax_year', label: "Année de l'avis d'imposition", kind: 'integer' },
      {
        key: 'referenceTaxIncome',
        column: 'reference_tax_income_cents',
        label: 'Revenu fiscal de référence (€)',
        kind: 'integer',
        hint: 'en euros, sans centimes',
        scale: 100,
      },
      {
        key: 'taxShares',
        column: 'tax_shares_hundredths',
        label: 'Nombre de parts',
        kind: 'decimal',
        hint: 'par exemple 2,5',
        scale: 100,
      },
    ],
  },
  caf: {
    key: 'caf',
    title: 'Info CAF',
    table: 'family_caf',
    owner: 'family',
    fields: [
      text('cafNumber', 'caf_number', 'N° allocataire', 20),
      text('cafOffice', 'caf_office', 'Caisse', 80),
      { key: 'quotientFamilial', column: 'quotient_familial', label: 'Quotient familial', kind: 'integer' },
      { key: 'quotientValidFrom', column: 'quotient_valid_from', label: 'Quotient valable à partir du', kind: 'date' },
      { key: 'quotientValidTo', column: 'quotient_valid_to', label: "Quotient valable jusqu'au", kind: 'date' },
    ],
  },
  bank: {
    key: 'bank',
    title: 'Coordonnées Bancaires',
    table: 'family_bank',
    owner: 'family',
    fields: [
      text('accountHolder', 'account_holder', 'Titulaire du compte'),
      text('bankName', 'bank_name', 'Nom banque'),
      { key: 'iban', column: 'iban', label: 'IBAN', kind: 'iban' },
      { key: 'bic', column: 'bic', label: 'BIC', kind: 'bic' },
      flag('directDebitWanted', 'direct_debit_wanted', 'Je souhaite payer mes factures par prélèvement automatique'),
    ],
  },
  child_information: {
    key: 'child_information',
    title: "Informations de l'enfant",
    table: 'child_information',
    owner: 'child',
    fields: [
      flag('dentalAppliance', 'dental_appliance', 'Port d’un appareil dentaire'),
      flag('glasses', 'glasses', 'Port de lunettes'),
      flag('hearingAid', 'hearing_aid', 'Appareil auditif'),
      flag('photoAllowed', 'photo_allowed', 'Autorisation photo'),
      flag('outingsAllowed', 'outings_allowed', 'Autorisation de sortie'),
      flag('mayLeaveAlone', 'may_leave_alone', 'Peut partir seul'),
      text('insuranceCompany', 'insurance_company', 'Assurance'),
      text('insurancePolicy', 'insurance_policy', 'N° de contrat', 60),
      { key: 'insuranceValidTo', column: 'insurance_valid_to', label: "Assurance valable jusqu'au", kind: 'date' },
      { key: 'otherInformation', column: 'other_information', label: 'Autres informations', kind: 'longText', max: 1000 },
    ],
  },
  health: {
    key: 'health',
    title: 'Données sanitaires',
    table: 'child_health',
    owner: 'child',
    fields: [
      text('doctorName', 'doctor_name', 'Médecin traitant'),
      { key: 'doctorPhone', column: 'doctor_phone', label: 'Téléphone du médecin', kind: 'phone' },
      { key: 'allergies', column: 'allergies', label: 'Allergies', kind: 'longText', max: 1000 },
      text('diet', 'diet', 'Régime alimentaire'),
      flag('hasPai', 'has_pai', "Projet d'accueil individualisé (PAI)"),
      { key: 'paiDetails', column: 'pai_details', label: 'Détails du PAI', kind: 'longText', max: 1000 },
      { key: 'medicalNotes', column: 'medical_notes', label: 'Autres informations médicales', kind: 'longText', max: 1000 },
    ],
  },
};

export const ACCOUNT_SECTIONS: SectionKey[] = ['responsable', 'conjoint', 'fiscal', 'caf', 'bank'];
export const CHILD_SECTIONS: SectionKey[] = ['child_information', 'health'];

const optionalInteger = z.preprocess(
  (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v.replace(/\s/g, '')) : v),
  z
    .number({ error: 'Nombre entier attendu.' })
    .int({ error: 'Nombre entier attendu.' })
    .min(0, { error: 'Nombre positif attendu.' })
    .max(2_000_000_000)
    .nullable(),
);

/** « 2,5 » as agents and families type it (or « 2.5 »): a positive number with two decimals at most. */
const optionalDecimal = z.preprocess(
  (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v.replace(/\s/g, '').replace(',', '.')) : v),
  z
    .number({ error: 'Nombre attendu, par exemple 2,5.' })
    .min(0, { error: 'Nombre positif attendu.' })
    .max(1_000_000, { error: 'Nombre trop grand.' })
    .refine((n) => Number.isInteger(Math.round(n * 100)) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-9, {
      error: 'Deux décimales au plus.',
    })
    .nullable(),
);

/** A field's value as a form shows it: a decimal with a comma, as it is typed in France. */
export function fieldInputValue(field: FieldSpec, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field.kind === 'decimal' && typeof value === 'number') return String(value).replace('.', ',');
  return String(value);
}

export const ibanField = z
  .string()
  .trim()
  .transform((s) => ibantools.electronicFormatIBAN(s) ?? '')
  .refine((s) => s === '' || ibantools.isValidIBAN(s), { error: 'IBAN invalide : vérifiez les caractères et la clé de contrôle.' });

export const bicField = z
  .string()
  .trim()
  .toUpperCase()
  .refine((s) => s === '' || ibantools.isValidBIC(s), { error: 'BIC invalide (8 ou 11 caractères, par exemple BNPAFRPPXXX).' });

function fieldSchema(field: FieldSpec): z.ZodType {
  switch (field.kind) {
    case 'boolean':
      return z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
    case 'email':
      return optionalEmail;
    case 'phone':
      return frenchPhone;
    case 'postalCode':
      return postalCode;
    case 'date':
      return z.preprocess((v) => (v === '' || v === undefined ? null : v), isoDate.nullable());
    case 'iban':
      return ibanField;
    case 'bic':
      return bicField;
    case 'integer':
      return optionalInteger;
    case 'decimal':
      return optionalDecimal;
    case 'select':
      return z.union([z.literal(''), z.enum(field.options as [string, ...string[]])], { error: 'Choix invalide.' }).default('');
    default:
      return z
        .string()
        .trim()
        .max(field.max ?? 120, { error: `${field.max ?? 120} caractères au maximum.` })
        .default('');
  }
}

/** The validation of a section's form: every field, French messages. */
export function sectionSchema(section: SectionKey) {
  return z.object(Object.fromEntries(SECTIONS[section].fields.map((f) => [f.key, fieldSchema(f)])));
}

export type SectionValues = Record<string, string | number | boolean | null>;

/** « FR76 •••• •••• •••• •••• •••• 189 »: an IBAN shown without its middle. */
export function maskIban(iban: string): string {
  if (!iban) return '';
  const compact = iban.replace(/\s/g, '');
  const masked = compact.slice(0, 4) + '•'.repeat(Math.max(0, compact.length - 7)) + compact.slice(-3);
  return masked.replace(/(.{4})/g, '$1 ').trim();
}

/** A value as a person reads it in the old → new view. */
export function displayValue(field: FieldSpec, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field.kind === 'boolean') return value ? 'Oui' : 'Non';
  if (field.kind === 'iban') return maskIban(String(value));
  if (field.kind === 'date') return String(value).split('-').reverse().join('/');
  if (field.kind === 'decimal') return String(value).replace('.', ',');
  return String(value);
}
