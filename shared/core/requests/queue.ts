import { openedProposal } from './family-requests';
import type { DbRow } from '../../db/db-row';
import { ownValue } from '../../domain/own-key';
import type { z } from 'zod';
import { SECTIONS, displayValue } from '../../contracts/record-sections';
import type { RequestChange, RequestDetail, RequestQueueRow, requestsListInput } from '../../contracts/requests';
import { REQUEST_CATEGORY_LABELS } from '../../domain/labels';
import { foldForSearch } from '../../domain/search-text';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { conflictingKeys, currentValues, isSectionCategory, type StoredRequest } from './apply';
import { responsableOf } from '../families/responsable-join';
import { requestDays } from './request-days';
import { daysLine, summaryLines } from './request-summary';

function baseQuery(ctx: Ctx) {
  return ctx
    .db('requests as r')
    .join('families as f', 'f.id', 'r.family_id')
    .join('family_adults as a', responsableOf('f.id'))
    .leftJoin('children as c', 'c.id', 'r.child_id');
}

const COLUMNS = [
  'r.id',
  'r.category',
  'r.family_id',
  'r.created_at',
  'r.state',
  'f.family_number',
  'a.last_name',
  'a.first_name',
  'c.first_name as child_first',
  'c.last_name as child_last',
];

function presentRow(r: DbRow): RequestQueueRow {
  return {
    id: r.id,
    category: r.category,
    categoryLabel: ownValue(REQUEST_CATEGORY_LABELS, r.category) ?? r.category,
    familyId: r.family_id,
    familyNumber: r.family_number,
    familyName: `${r.last_name} ${r.first_name}`,
    childName: r.child_first ? `${r.child_first} ${r.child_last}` : '',
    createdAt: r.created_at,
    state: r.state,
  };
}

/** The request queue, paged and filtered by the database; oldest first by default. */
export async function listRequests(
  ctx: Ctx,
  input: z.output<typeof requestsListInput>,
): Promise<{ rows: RequestQueueRow[]; total: number }> {
  const query = baseQuery(ctx).where('r.state', input.state);
  if (input.category) query.andWhere('r.category', input.category);
  for (const term of foldForSearch(input.search).split(' ').filter(Boolean)) {
    query.andWhereRaw("f.search_text like ? escape '\\'", [`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
  }
  const count = await query.clone().count<{ n: number | string }[]>({ n: 'r.id' }).first();
  const rows = await query
    .select(COLUMNS)
    .orderBy('r.created_at', input.sortDirection)
    .orderBy('r.id', input.sortDirection)
    .limit(input.pageSize)
    .offset(input.page * input.pageSize);
  return { rows: rows.map(presentRow), total: Number(count?.n ?? 0) };
}

/** One request with each changed field as old → new, and whether the record moved since. */
export async function requestDetail(ctx: Ctx, id: number): Promise<RequestDetail> {
  const row = await baseQuery(ctx)
    .leftJoin('staff_users as s', 's.id', 'r.decided_by')
    .where('r.id', id)
    .first([
      ...COLUMNS,
      'r.proposed_json',
      'r.previous_json',
      'r.child_id',
      'r.family_comment',
      'r.decided_at',
      'r.refusal_reason',
      'r.refused_dates_json',
      's.display_name as decided_by_name',
    ]);
  if (!row) throw notFound('Demande');
  const request: StoredRequest = {
    id: row.id,
    family_id: row.family_id,
    child_id: row.child_id,
    category: row.category,
    proposed_json: row.proposed_json,
    previous_json: row.previous_json,
    refused_dates_json: row.refused_dates_json,
  };
  const proposed = openedProposal(row.category, row.proposed_json) as Record<string, unknown>;
  const previous = openedProposal(row.category, row.previous_json) as Record<string, unknown>;
  const current = row.state === 'pending' ? await currentValues(ctx.db, request) : previous;
  const conflicts = row.state === 'pending' ? conflictingKeys(previous, proposed, current) : [];
  let changes: RequestChange[] = [];
  if (isSectionCategory(row.category)) {
    changes = SECTIONS[row.category as keyof typeof SECTIONS].fields
      .filter((f) => f.key in proposed)
      .map((f) => ({
        field: f.key,
        label: f.label,
        before: displayValue(f, previous[f.key]),
        after: displayValue(f, proposed[f.key]),
        nowDiffers: conflicts.includes(f.key),
        now: displayValue(f, current[f.key]),
      }));
  }
  // An agent reads the service as the planning names it, not its code (« ALSH_MER_PM »).
  const service =
    typeof proposed.serviceCode === 'string'
      ? await ctx
          .db('services as s')
          .leftJoin('structures as st', 'st.id', 's.structure_id')
          .where('s.code', proposed.serviceCode)
          .first('s.name', 'st.name as structure')
      : undefined;
  const serviceName = service ? [service.structure, service.name].filter(Boolean).join(' — ') : null;
  const days = await requestDays(ctx.db, { ...request, state: row.state });
  const refused = days.filter((d) => d.refused).map((d) => d.date);
  const applied = refused.length > 0 ? { ...proposed, dates: days.filter((d) => !d.refused).map((d) => d.date) } : proposed;
  const summary = summaryLines(row.category, applied, serviceName);
  if (refused.length > 0) summary.push(`Jours refusés : ${daysLine(refused)}`);
  if ((row.category === 'authorized_persons' || row.category === 'vaccinations') && conflicts.length > 0)
    summary.push('La liste a changé depuis la demande.');
  return {
    ...presentRow(row),
    familyComment: row.family_comment,
    days,
    changes,
    summary,
    hasConflict: conflicts.length > 0,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by_name ?? null,
    refusalReason: row.refusal_reason,
  };
}
