import type { Knex } from 'knex';
import type { DbRow } from '../../db/db-row';

/** Where an enrolment stands on the day the family looks: running, or starting later. */
export type FamilyEnrolmentState = 'current' | 'coming';

/** One of a child's enrolments as its family sees it (« Inscriptions en cours »). */
export interface FamilyEnrolment {
  id: number;
  structure: string;
  service: string;
  startsOn: string;
  endsOn: string;
  /** ISO weekdays (1 Monday … 7 Sunday) the child comes every week; empty: days booked one by one. */
  regularWeekdays: number[];
  state: FamilyEnrolmentState;
}

export interface FamilyChildEnrolments {
  child: { id: number; firstName: string; lastName: string };
  enrolments: FamilyEnrolment[];
}

/**
 * A child's current and coming enrolments, for its family: null when the child is not one of the
 * family's own (or is archived), whatever the address asked. One query for the child, one for its
 * enrolments, in the order of the year: by start, then as the commune orders its structures and services.
 */
export async function familyChildEnrolments(
  db: Knex,
  familyId: number,
  childId: number,
  today: string,
): Promise<FamilyChildEnrolments | null> {
  const child = await db('children')
    .where({ id: childId, family_id: familyId })
    .whereNull('archived_at')
    .first('id', 'first_name', 'last_name');
  if (!child) return null;
  const rows: DbRow[] = await db('enrolments as e')
    .join('services as s', 's.id', 'e.service_id')
    .join('structures as st', 'st.id', 's.structure_id')
    .where('e.child_id', childId)
    // An enrolment ended before today is history: the planning's past months still show its days.
    .where('e.ends_on', '>=', today)
    .orderBy([{ column: 'e.starts_on' }, { column: 'st.position' }, { column: 's.position' }, { column: 'e.id' }])
    .select('e.id', 'e.starts_on', 'e.ends_on', 'e.regular_weekdays', 's.name as service', 'st.name as structure');
  return {
    child: { id: Number(child.id), firstName: String(child.first_name), lastName: String(child.last_name) },
    enrolments: rows.map((r) => ({
      id: Number(r.id),
      structure: String(r.structure),
      service: String(r.service),
      startsOn: String(r.starts_on),
      endsOn: String(r.ends_on),
      regularWeekdays: r.regular_weekdays
        ? String(r.regular_weekdays)
            .split(',')
            .map(Number)
            .filter((d) => d >= 1 && d <= 7)
            .sort((a, b) => a - b)
        : [],
      state: String(r.starts_on) > today ? 'coming' : 'current',
    })),
  };
}
