import type { DbRow } from '../../db/db-row';
import { SECTIONS, displayValue, type SectionKey } from '../../contracts/record-sections';
import { isSectionCategory } from './apply';
import { daysLine, frenchDay, listOf, personLine, vaccinationLine, weekdaysLine } from './request-summary';
import type { AuthorizedPersonInput, RequestCategory, VaccinationInput } from '../../contracts/requests';

/** One column of « Liste des demandes »: its key, the manual's header, and the value asked. */
export interface RequestCell {
  key: string;
  header: string;
  /** Several lines for the lists (persons, vaccines). Empty when the request leaves the field as it is. */
  value: string | string[];
}

export interface RequestNames {
  childName: string;
  adultName: (role: 'responsable' | 'conjoint') => string;
  serviceName: (code: string) => string;
}

/** The manual's columns for « Responsable » (and « Conjoint »), each with the fields it shows. */
const ADULT_COLUMNS: Array<{ key: string; header: string; fields: string[] }> = [
  { key: 'quality', header: 'Qualité', fields: ['quality'] },
  { key: 'address', header: 'Adresse', fields: ['address', 'postalCode', 'city'] },
  { key: 'phoneHome', header: 'Tél.domicile', fields: ['phoneHome'] },
  { key: 'phoneWork', header: 'Tél.Prof.', fields: ['phoneWork'] },
  { key: 'phoneMobile', header: 'Mobile', fields: ['phoneMobile'] },
  { key: 'email', header: 'Email', fields: ['email'] },
  { key: 'profession', header: 'Profession', fields: ['profession'] },
  { key: 'employer', header: 'Employeur', fields: ['employer'] },
  { key: 'employerAddress', header: 'Adresse employeur', fields: ['employerAddress'] },
];
const ADULT_SHOWN = new Set(['lastName', 'firstName', ...ADULT_COLUMNS.flatMap((c) => c.fields)]);

const has = (proposed: DbRow, key: string) => Object.hasOwn(proposed, key);

function adultCells(section: 'responsable' | 'conjoint', proposed: DbRow, names: RequestNames): RequestCell[] {
  const fields = SECTIONS[section].fields;
  const shown = (key: string) => {
    const field = fields.find((f) => f.key === key)!;
    return has(proposed, key) ? displayValue(field, proposed[key]) : '';
  };
  // The name asked when it changes, else the adult's name today: the person the request is about.
  const renamed = has(proposed, 'lastName') || has(proposed, 'firstName');
  const name = renamed ? [shown('lastName'), shown('firstName')].filter((v) => v && v !== '—').join(' ') : names.adultName(section);
  const others = fields
    .filter((f) => !ADULT_SHOWN.has(f.key) && has(proposed, f.key))
    .map((f) => `${f.label} : ${displayValue(f, proposed[f.key])}`);
  return [
    { key: 'name', header: section === 'responsable' ? 'Responsable' : 'Conjoint', value: name },
    ...ADULT_COLUMNS.map((c) => ({
      key: c.key,
      header: c.header,
      value: c.fields.map(shown).filter(Boolean).join(' '),
    })),
    ...(others.length > 0 ? [{ key: 'others', header: 'Autres modifications', value: others }] : []),
  ];
}

/** The other sections: the child when it is about one, then each field the request changes. */
function sectionCells(section: SectionKey, proposed: DbRow, names: RequestNames): RequestCell[] {
  const spec = SECTIONS[section];
  const child: RequestCell[] = spec.owner === 'child' ? [{ key: 'child', header: 'Enfant', value: names.childName }] : [];
  const changed = spec.fields
    .filter((f) => has(proposed, f.key))
    .map((f) => ({ key: f.key, header: f.label, value: displayValue(f, proposed[f.key]) }));
  return [...child, ...changed];
}

/**
 * The columns of one request in the family's « Liste des demandes », by type: the manual's for
 * « Responsable », each field asked for the other sections, what each other type asks.
 */
export function requestCells(category: RequestCategory, proposed: DbRow, names: RequestNames): RequestCell[] {
  if (category === 'responsable' || category === 'conjoint') return adultCells(category, proposed, names);
  if (isSectionCategory(category)) return sectionCells(category, proposed, names);
  const child: RequestCell = { key: 'child', header: 'Enfant', value: names.childName };
  switch (category) {
    case 'authorized_persons':
      return [
        child,
        { key: 'persons', header: 'Personnes autorisées', value: listOf<AuthorizedPersonInput>(proposed.persons).map(personLine) },
      ];
    case 'vaccinations':
      return [
        child,
        { key: 'vaccinations', header: 'Vaccins', value: listOf<VaccinationInput>(proposed.vaccinations).map(vaccinationLine) },
      ];
    case 'add_child':
      return [
        { key: 'child', header: 'Enfant', value: `${proposed.firstName ?? ''} ${proposed.lastName ?? ''}`.trim() },
        { key: 'birthDate', header: 'Date de naissance', value: frenchDay(proposed.birthDate) },
        { key: 'school', header: 'École', value: [proposed.school, proposed.grade].filter(Boolean).join(' ') },
        { key: 'comment', header: 'Commentaire', value: proposed.comment ?? '' },
      ];
    case 'reservation':
    case 'cancellation':
    case 'absence':
      return [
        child,
        { key: 'service', header: 'Prestation', value: names.serviceName(String(proposed.serviceCode ?? '')) },
        { key: 'days', header: 'Jours', value: daysLine(proposed.dates) },
        ...(category === 'absence' ? [{ key: 'reason', header: 'Motif', value: String(proposed.reason ?? '') }] : []),
      ];
    case 'enrolment':
      return [
        child,
        { key: 'service', header: 'Prestation', value: String(proposed.serviceName ?? '') },
        { key: 'period', header: 'Période', value: `du ${frenchDay(proposed.startsOn)} au ${frenchDay(proposed.endsOn)}` },
        { key: 'weekdays', header: 'Jours réguliers', value: weekdaysLine(proposed.weekdays) },
        { key: 'comment', header: 'Commentaire', value: String(proposed.comment ?? '') },
      ];
    default:
      return [child];
  }
}

/**
 * The columns of a table of requests of one type: every column any of its rows fills, in the
 * order of the type's fields (the fixed columns of « Responsable » always, since each row has them).
 */
export function requestColumns(category: string, rows: Array<{ cells: RequestCell[] }>): Array<{ key: string; header: string }> {
  const columns = new Map<string, string>();
  for (const row of rows) for (const cell of row.cells) if (!columns.has(cell.key)) columns.set(cell.key, cell.header);
  const order = isSectionCategory(category) ? ['child', 'name', ...SECTIONS[category].fields.map((f) => f.key), 'others'] : [];
  const rank = (key: string) => {
    const at = order.indexOf(key);
    return at === -1 ? order.length : at;
  };
  // Array.prototype.sort is stable: the other types keep their cells' order.
  return [...columns.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([key, header]) => ({ key, header }));
}
