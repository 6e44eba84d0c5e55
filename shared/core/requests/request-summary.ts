import type { DbRow } from '../../db/db-row';
import { weekdaysText } from '../../domain/french-dates';
import type { AuthorizedPersonInput, RequestCategory, VaccinationInput } from '../../contracts/requests';

/** « 03/12/2026 » from a date kept in a request's JSON; tolerant, as such JSON may be old or hand-written. */
export const frenchDay = (iso: unknown) => (typeof iso === 'string' && iso ? iso.split('-').reverse().join('/') : '');

/** A person on the list, as an agent and a parent read it. */
export function personLine(p: AuthorizedPersonInput): string {
  const relationship = p.relationship ? ` (${p.relationship})` : '';
  const emergency = p.emergencyContact ? ' — à prévenir en cas d’urgence' : '';
  return `${p.firstName} ${p.lastName}${relationship} — ${p.phone}${emergency}`;
}

export function vaccinationLine(v: VaccinationInput): string {
  const done = v.vaccinatedOn ? ` — fait le ${frenchDay(v.vaccinatedOn)}` : '';
  const booster = v.boosterDueOn ? ` — rappel le ${frenchDay(v.boosterDueOn)}` : '';
  return `${v.vaccine}${done}${booster}`;
}

/** « 03/12/2026, 04/12/2026 »: the days of a reservation or an absence. */
export function daysLine(dates: unknown): string {
  return listOf<string>(dates)
    .map((d) => frenchDay(String(d)))
    .join(', ');
}

/** A list kept in a request's JSON, or none when the stored value is not one. */
export function listOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? value : [];
}

/**
 * What a request that is not a section of the record asks, one line per item: the request
 * queue's detail and the family's « Liste des demandes » both read it.
 */
export function summaryLines(category: RequestCategory, proposed: DbRow, serviceName: string | null): string[] {
  switch (category) {
    case 'authorized_persons':
      return listOf<AuthorizedPersonInput>(proposed.persons).map(personLine);
    case 'vaccinations':
      return listOf<VaccinationInput>(proposed.vaccinations).map(vaccinationLine);
    case 'add_child':
      return [
        `${proposed.firstName} ${proposed.lastName}, né(e) le ${frenchDay(String(proposed.birthDate))}`,
        proposed.school ? `École : ${proposed.school} ${proposed.grade ?? ''}` : '',
        proposed.comment ? `Commentaire : ${proposed.comment}` : '',
      ].filter(Boolean);
    case 'reservation':
    case 'cancellation':
    case 'absence':
      return [
        `Prestation : ${serviceName ?? proposed.serviceCode}`,
        `Jours : ${daysLine(proposed.dates)}`,
        proposed.reason ? `Motif : ${proposed.reason}` : '',
      ].filter(Boolean);
    case 'enrolment':
      return [
        `Prestation : ${String(proposed.serviceName ?? '')}`,
        `Période : du ${frenchDay(proposed.startsOn)} au ${frenchDay(proposed.endsOn)}`,
        `Jours réguliers : ${weekdaysLine(proposed.weekdays)}`,
        proposed.comment ? `Commentaire : ${proposed.comment}` : '',
      ].filter(Boolean);
    default:
      return [];
  }
}

/** An enrolment's regular days, or what it means when there is none. */
export function weekdaysLine(weekdays: unknown): string {
  return weekdaysText(listOf<unknown>(weekdays)) ?? 'aucun (jours réservés un à un)';
}
