import type { DbRow } from '../../db/db-row';
import { ownValue } from '../../domain/own-key';
import type { Knex } from 'knex';
import { addDays } from '../../domain/french-dates';
import { REQUEST_CATEGORY_LABELS } from '../../domain/labels';

export interface FamilyRequestRow {
  id: number;
  category: string;
  categoryLabel: string;
  childName: string;
  state: string;
  createdAt: string;
  decidedAt: string | null;
  refusalReason: string | null;
}

/** « Toutes les demandes que vous avez faites datant de moins d'un mois », by state. */
export async function familyRecentRequests(db: Knex, familyId: number, today: string, categories?: string[]) {
  const since = addDays(today, -31);
  const query = db('requests as r')
    .leftJoin('children as c', 'c.id', 'r.child_id')
    .where('r.family_id', familyId)
    .where('r.created_at', '>=', since);
  if (categories) query.whereIn('r.category', categories);
  const rows = await query
    .orderBy('r.created_at', 'desc')
    .select('r.id', 'r.category', 'r.state', 'r.created_at', 'r.decided_at', 'r.refusal_reason', 'c.first_name', 'c.last_name');
  const toRow = (r: DbRow): FamilyRequestRow => {
    return {
      id: r.id,
      category: r.category,
      categoryLabel: ownValue(REQUEST_CATEGORY_LABELS, r.category) ?? r.category,
      childName: r.first_name ? `${r.first_name} ${r.last_name}` : '',
      state: r.state,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
      refusalReason: r.refusal_reason,
    };
  };
  const all = rows.map(toRow);
  return {
    pending: all.filter((r) => r.state === 'pending'),
    refused: all.filter((r) => r.state === 'refused'),
    accepted: all.filter((r) => r.state === 'accepted'),
  };
}

/** The family's pending requests of some categories (and of one child), for the bottom of a page. */
export async function familyPendingRequests(
  db: Knex,
  familyId: number,
  categories: string[],
  childId?: number,
): Promise<FamilyRequestRow[]> {
  const query = db('requests as r')
    .leftJoin('children as c', 'c.id', 'r.child_id')
    .where({ 'r.family_id': familyId, 'r.state': 'pending' })
    .whereIn('r.category', categories)
    .orderBy('r.created_at');
  if (childId !== undefined) query.andWhere('r.child_id', childId);
  const rows = await query.select(
    'r.id',
    'r.category',
    'r.state',
    'r.created_at',
    'r.decided_at',
    'r.refusal_reason',
    'c.first_name',
    'c.last_name',
  );
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    categoryLabel: ownValue(REQUEST_CATEGORY_LABELS, r.category) ?? r.category,
    childName: r.first_name ? `${r.first_name} ${r.last_name}` : '',
    state: r.state,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    refusalReason: r.refusal_reason,
  }));
}
