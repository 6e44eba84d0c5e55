import type { Knex } from 'knex';
import type { Clock } from '../clock';
import { today } from '../clock';
import { responsableOf } from '../families/responsable-join';

/** What the top of every family page names: the responsable, the family number, the unread messages. */
export interface Household {
  civility: string;
  lastName: string;
  firstName: string;
  familyNumber: string;
  unreadMessages: number;
}

/**
 * The header's columns, for a query on `families as f` joined to its responsable
 * (`family_adults as a`, left join): the session's own query reads them along, so that a
 * page needs no query of its own for its header (issue 8).
 */
export function householdColumns(db: Knex) {
  const unread = db('messages as m')
    .whereRaw('m.family_id = f.id')
    .where('m.direction', 'to_family')
    .whereNull('m.read_by_family_at')
    .whereNull('m.deleted_by_family_at')
    .count('*');
  return ['a.civility', 'a.last_name', 'a.first_name', 'f.family_number', unread.as('unread_messages')];
}

/** Joins a family's responsable under the alias the header's columns expect. */
export function joinResponsable(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query.leftJoin('family_adults as a', responsableOf('f.id'));
}

export function householdOf(row: Record<string, unknown>): Household {
  return {
    civility: String(row.civility ?? ''),
    lastName: String(row.last_name ?? ''),
    firstName: String(row.first_name ?? ''),
    familyNumber: String(row.family_number ?? ''),
    unreadMessages: Number(row.unread_messages ?? 0),
  };
}

/** « Bienvenue JEAN DUPONT, vous avez N Nouveau(x) Message(s) » and today's date. */
export function pageHeader(household: Household, clock: Clock) {
  return {
    today: today(clock),
    welcomeName: household.lastName ? `${household.firstName} ${household.lastName}` : '',
    unreadMessages: household.unreadMessages,
    responsable: {
      civility: household.civility,
      lastName: household.lastName,
      firstName: household.firstName,
      familyNumber: household.familyNumber,
    },
  };
}

export type PageHeader = ReturnType<typeof pageHeader>;

/** The header read afresh: for a page that has just changed it (opening a message marks it read). */
export async function portalHeader(db: Knex, clock: Clock, familyId: number): Promise<PageHeader> {
  const row = await joinResponsable(db('families as f')).where('f.id', familyId).first(householdColumns(db));
  return pageHeader(householdOf(row ?? {}), clock);
}
