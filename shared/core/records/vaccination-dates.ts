import { formatShortFrenchDate } from '../../domain/french-dates';
import { OperationError } from '../errors';

/**
 * A vaccination is something that happened: it cannot be dated after today (a booster, being
 * due later, can). One French message per line at fault, keyed as the form names its fields.
 */
export function checkVaccinationDates(vaccinations: ReadonlyArray<{ vaccinatedOn: string | null }>, todayIso: string): void {
  const fields: Record<string, string> = {};
  vaccinations.forEach((v, index) => {
    if (v.vaccinatedOn && v.vaccinatedOn > todayIso)
      fields[`vaccinations.${index}.vaccinatedOn`] =
        `Une vaccination ne peut pas être datée après aujourd’hui (${formatShortFrenchDate(todayIso)}).`;
  });
  const wrong = Object.values(fields);
  if (wrong.length) throw new OperationError('validation', `Saisie invalide : ${wrong[0]}`, fields);
}
