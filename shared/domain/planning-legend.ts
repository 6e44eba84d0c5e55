// The manual's planning legend. Every state has a label and a short text code, so that colour is
// never the only carrier of meaning.

export const PLANNING_STATES = {
  reserved: { label: 'Réserve', code: 'R' },
  error: { label: 'Erreur', code: 'E' },
  leave: { label: 'Congé', code: 'C' },
  out_of_contract: { label: 'Heure hors contrat', code: 'H' },
  regular: { label: 'Régulier', code: 'Rg' },
  closed: { label: 'Fermeture', code: 'Fe' },
  absent_billed: { label: 'Absent facturé', code: 'AF' },
  pending_request: { label: 'Demande en attente', code: 'D' },
  absent_excused: { label: 'Absent excusé', code: 'AE' },
  reservation_processing: { label: 'Réserve en cours de traitement', code: 'R?' },
  reservation_refused: { label: 'Réserve refusée', code: '✗' },
  absence_processing: { label: 'Absence en cours de traitement', code: 'A?' },
} as const;

export type PlanningState = keyof typeof PLANNING_STATES;

export const DAY_MARKS = {
  P: 'Petites vacances',
  G: 'Grandes vacances',
  F: 'Jour férié',
} as const;
export type DayMark = keyof typeof DAY_MARKS;

/** The manual's three attendance marks. */
export const ATTENDANCE_MARKS = {
  booked: { symbol: '○', label: 'Indique que vous avez réservé la journée.' },
  present: { symbol: '✓', label: 'Indique que votre enfant était présent sur la journée.' },
  presentBooked: { symbol: '◉', label: 'Indique que votre enfant était présent sur la journée que vous aviez réservée.' },
} as const;

const DAY_ABBREVIATIONS = ['Di', 'Lu', 'Ma', 'Me', 'Je', 'Ve', 'Sa'];

/** « Me 01 » for 2015-04-01. */
export function dayHeader(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  return `${DAY_ABBREVIATIONS[date.getUTCDay()]} ${iso.slice(8, 10)}`;
}

/** Which attendance mark a day gets: booked (not yet attended), present, or present on a booked day. */
export function attendanceMark(state: PlanningState | null, attendance: string | null): keyof typeof ATTENDANCE_MARKS | null {
  const booked = state === 'reserved' || state === 'regular';
  if (attendance === 'present') return booked ? 'presentBooked' : 'present';
  if (booked && !attendance) return 'booked';
  return null;
}
