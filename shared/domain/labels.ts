import { ownValue } from './own-key';
// The French words the portal prints for stored codes.

export const PAYMENT_TYPE_LABELS: Record<string, string> = {
  virement: 'Virement',
  especes: 'Espèces',
  cheque: 'Chèque',
  carte: 'Carte bancaire (PayFiP)',
  prelevement: 'Prélèvement',
  titre: 'Titre émis',
};

/** « Titre émis (ORMC n°X) » for a debt handed to the trésorerie, the plain type otherwise. */
export function paymentTypeLabel(type: string, ormcNumber?: string | null): string {
  if (type === 'titre') return `Titre émis (ORMC n°${ormcNumber ?? ''})`;
  return ownValue(PAYMENT_TYPE_LABELS, type) ?? type;
}

export const REQUEST_CATEGORY_LABELS: Record<string, string> = {
  responsable: 'Informations responsable',
  conjoint: 'Informations conjoint',
  fiscal: 'Informations fiscales',
  caf: 'Informations CAF',
  bank: 'Informations bancaires',
  authorized_persons: 'Autorisations',
  child_information: 'Informations enfant',
  health: 'Données sanitaires',
  vaccinations: 'Vaccinations',
  add_child: 'Ajout d’un enfant',
  reservation: 'Réservations',
  cancellation: 'Annulations',
  absence: 'Absences',
  enrolment: 'Inscriptions',
};

/** Requests about the household (« Mon compte ») versus about the children (« Mes enfants »). */
export const ACCOUNT_REQUEST_CATEGORIES = ['responsable', 'conjoint', 'fiscal', 'caf', 'bank'];
export const CHILDREN_REQUEST_CATEGORIES = [
  'add_child',
  'enrolment',
  'authorized_persons',
  'child_information',
  'health',
  'vaccinations',
  'reservation',
  'cancellation',
  'absence',
];

/** The filter links of « Liste des demandes », by view, with the manual's short names. */
export const REQUEST_FILTERS: Record<'compte' | 'enfants', Array<{ category: string; label: string }>> = {
  compte: [
    { category: 'responsable', label: 'Responsable' },
    { category: 'conjoint', label: 'Conjoint' },
    { category: 'fiscal', label: 'Fiscales' },
    { category: 'caf', label: 'CAF' },
    { category: 'bank', label: 'Bancaires' },
  ],
  enfants: [
    { category: 'authorized_persons', label: 'Autorisations' },
    { category: 'child_information', label: 'Informations enfant' },
    { category: 'health', label: 'Données sanitaires' },
    { category: 'vaccinations', label: 'Vaccinations' },
    { category: 'add_child', label: 'Ajout d’un enfant' },
    { category: 'enrolment', label: 'Inscriptions' },
    { category: 'reservation', label: 'Réservations' },
    { category: 'cancellation', label: 'Annulations' },
    { category: 'absence', label: 'Absences' },
  ],
};

export const yesNo = (value: boolean) => (value ? 'Oui' : 'Non');

/** « Trésorerie des Aix d'Angillon » inside a sentence: « la trésorerie des Aix d'Angillon ». */
export const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The reasons a family may give for an absence (the planning's « Raison de l'absence »): nothing else is stored. */
export const ABSENCE_REASONS = ['Maladie', 'Rendez-vous médical', 'Convenance personnelle', 'Sortie scolaire', 'Autre'] as const;
/** « Précisions (facultatif) » of an absence, as long as the field lets a family type. */
export const ABSENCE_DETAILS_MAX = 150;
