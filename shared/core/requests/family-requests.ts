import { sealedRequestValues } from '../secrets/seal-stored';
import type { Knex } from 'knex';
import type { DbRow } from '../../db/db-row';
import { ownValue } from '../../domain/own-key';
import { addDays } from '../../domain/french-dates';
import { REQUEST_CATEGORY_LABELS } from '../../domain/labels';
import type { RequestCategory } from '../../contracts/requests';
import { referenceData } from '../reference/reference-data';
import type { StoredRequest } from './apply';
import { requestCells, type RequestCell } from './request-cells';
import { appliedDates, refusedDatesOf } from './request-days';
import { daysLine } from './request-summary';

export type { RequestCell } from './request-cells';

export interface FamilyRequestRow {
  id: number;
  category: string;
  categoryLabel: string;
  childName: string;
  state: string;
  createdAt: string;
  decidedAt: string | null;
  refusalReason: string | null;
  /** What was asked, one cell per column of the request's type (« Qualité », « Adresse »…). */
  cells: RequestCell[];
}

export interface FamilyRequestLists {
  pending: FamilyRequestRow[];
  refused: FamilyRequestRow[];
  accepted: FamilyRequestRow[];
}

const REQUEST_COLUMNS = [
  'r.id',
  'r.category',
  'r.state',
  'r.created_at',
  'r.decided_at',
  'r.refusal_reason',
  'r.refused_dates_json',
  'r.proposed_json',
  'c.first_name',
  'c.last_name',
];

/** What a request asked; a row written by hand or by an older version that cannot be read shows empty, never a 500. */
export function storedProposal(json: unknown): DbRow {
  try {
    const value = JSON.parse(String(json ?? '{}'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** What a request asked, its sealed values opened (a bank change's IBANs): what people read and what is applied. */
export function openedProposal(category: string, json: unknown): DbRow {
  return sealedRequestValues(category, storedProposal(json), 'open');
}

/** A family's page lists at most this many pending requests (the rest by type, in « Liste des demandes »). */
export const PENDING_SHOWN = 200;
/** and at most this many of the month's decided ones: a page a phone can load. */
const DECIDED_SHOWN = 500;

/** The rows as the family reads them: the values asked, with the names of its adults and of the services. */
async function presentRows(db: Knex, familyId: number, rows: DbRow[]): Promise<FamilyRequestRow[]> {
  if (rows.length === 0) return [];
  const adults = await db('family_adults').where({ family_id: familyId }).select('role', 'last_name', 'first_name');
  const adultNames = new Map(adults.map((a) => [a.role as string, `${a.last_name} ${a.first_name}`.trim()]));
  const { services } = await referenceData(db);
  const serviceNames = new Map(services.map((s) => [s.code, s.name]));
  return rows.map((r) => {
    const childName = r.first_name ? `${r.first_name} ${r.last_name}` : '';
    const asked = openedProposal(r.category, r.proposed_json);
    // A reservation accepted for some days: « Jours » says those booked, « Jours refusés » the others and why.
    const refused = [...refusedDatesOf(r)].sort();
    const proposed = refused.length > 0 ? { ...asked, dates: appliedDates(r as StoredRequest) } : asked;
    const refusedCell: RequestCell[] =
      refused.length > 0
        ? [{ key: 'refusedDays', header: 'Jours refusés', value: `${daysLine(refused)} — Motif : ${r.refusal_reason ?? ''}` }]
        : [];
    return {
      id: r.id,
      category: r.category,
      categoryLabel: ownValue(REQUEST_CATEGORY_LABELS, r.category) ?? r.category,
      childName,
      state: r.state,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
      refusalReason: r.refusal_reason,
      cells: requestCells(r.category as RequestCategory, proposed, {
        childName,
        adultName: (role) => adultNames.get(role) ?? '',
        serviceName: (code) => serviceNames.get(code) ?? code,
      }).concat(refusedCell),
    };
  });
}

/**
 * « Toutes les demandes que vous avez faites datant de moins d'un mois », by state: the pending
 * ones whatever their age (the family may still withdraw them), the decided ones of the last
 * month; each list bounded, so that one page never carries thousands of rows.
 */
export async function familyRecentRequests(db: Knex, familyId: number, today: string, categories?: string[]): Promise<FamilyRequestLists> {
  const since = addDays(today, -31);
  const query = db('requests as r')
    .leftJoin('children as c', 'c.id', 'r.child_id')
    .where('r.family_id', familyId)
    .where('r.created_at', '>=', since)
    .whereIn('r.state', ['refused', 'accepted']);
  if (categories) query.whereIn('r.category', categories);
  const rows = await query.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(DECIDED_SHOWN).select(REQUEST_COLUMNS);
  const decided = await presentRows(db, familyId, rows);
  return {
    pending: await familyPendingRequests(db, familyId, categories),
    refused: decided.filter((r) => r.state === 'refused'),
    accepted: decided.filter((r) => r.state === 'accepted'),
  };
}

/** The family's pending requests of some categories (and of one child), for the bottom of a page. */
export async function familyPendingRequests(
  db: Knex,
  familyId: number,
  categories?: string[],
  childId?: number,
): Promise<FamilyRequestRow[]> {
  const query = db('requests as r')
    .leftJoin('children as c', 'c.id', 'r.child_id')
    .where({ 'r.family_id': familyId, 'r.state': 'pending' })
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(PENDING_SHOWN);
  if (categories) query.whereIn('r.category', categories);
  if (childId !== undefined) query.andWhere('r.child_id', childId);
  return presentRows(db, familyId, await query.select(REQUEST_COLUMNS));
}
