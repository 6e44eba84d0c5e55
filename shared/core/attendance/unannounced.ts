import type { z } from '../../contracts/zod-fr';
import { type AttendanceSheet, type RollCallChildOption, rollCallAddInput, rollCallChildSearchInput } from '../../contracts/attendance';
import { foldForSearch } from '../../domain/search-text';
import { audit } from '../audit/audit-log';
import { nowIso, today } from '../clock';
import { notFound, OperationError } from '../errors';
import { staffOperation, type StaffCtx } from '../operation';
import { attendanceSheet } from './service';

const LISTED = 20;

/** Children whose family's search text holds every word typed, by name: for the child who turned up unannounced. */
export async function searchRollCallChildren(
  ctx: StaffCtx,
  input: z.output<typeof rollCallChildSearchInput>,
): Promise<RollCallChildOption[]> {
  const words = foldForSearch(input.search).split(/\s+/).filter(Boolean).slice(0, 4);
  const query = ctx.db('children as c').join('families as f', 'f.id', 'c.family_id').whereNull('c.archived_at');
  for (const word of words) query.whereRaw("f.search_text like ? escape '\\'", [`%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`]);
  const rows = await query
    .orderBy(['c.last_name', 'c.first_name'])
    .limit(LISTED * 5)
    .select('c.id', 'c.first_name', 'c.last_name', 'c.birth_date', 'f.family_number');
  // The family's search text matched: keep the children whose own name holds a word typed.
  const named = rows.filter((r) => words.some((w) => foldForSearch(`${r.last_name} ${r.first_name}`).includes(w)));
  return named.slice(0, LISTED).map((r) => ({
    childId: Number(r.id),
    label: `${r.last_name} ${r.first_name} — né(e) le ${String(r.birth_date).split('-').reverse().join('/')} — famille ${r.family_number}`,
  }));
}

/**
 * « Ajouter un enfant (hors contrat) »: a child not expected that day is on the roll, present,
 * as « Heure hors contrat » (billed as a day present). Today or a past day only; a child already
 * expected is not added twice (one row per child, service and day, whatever the clicks).
 */
export async function addUnannouncedChild(ctx: StaffCtx, input: z.output<typeof rollCallAddInput>): Promise<AttendanceSheet> {
  if (input.date > today(ctx.clock))
    throw new OperationError(
      'validation',
      'Un enfant hors contrat s’ajoute au pointage du jour ou d’un jour passé, pas d’un jour à venir.',
    );
  const child = await ctx.db('children').where({ id: input.childId }).whereNull('archived_at').first('id', 'family_id');
  if (!child) throw notFound('Enfant');
  if (!(await ctx.db('services').where({ id: input.serviceId }).first('id'))) throw notFound('Prestation');
  const at = nowIso(ctx.clock);
  const label = ctx.actor.kind === 'staff' ? ctx.actor.username : 'système';
  const where = { child_id: input.childId, service_id: input.serviceId, date: input.date };
  const columns = { state: 'out_of_contract', attendance: 'present', updated_at: at, updated_by: label };
  // Insert … on conflict do nothing returning: of two clicks at once, one adds the row.
  const inserted = await ctx
    .db('planning_days')
    .insert({ ...where, ...columns })
    .onConflict(['child_id', 'service_id', 'date'])
    .ignore()
    .returning('id');
  // A row already there: a day cancelled, refused or on leave becomes hors contrat; a day expected stays as it is.
  const changed = await ctx
    .db('planning_days')
    .where(where)
    .whereNotIn('state', ['reserved', 'regular', 'absent_excused', 'absent_billed', 'out_of_contract'])
    .update(columns);
  if (inserted.length > 0 || changed > 0) {
    await audit(ctx, {
      action: 'attendance.addUnannounced',
      entity: 'child',
      entityId: input.childId,
      details: { serviceId: input.serviceId, date: input.date },
      familyId: Number(child.family_id),
    });
  }
  return attendanceSheet(ctx, input);
}

/** This file's operations, merged into the staff handler table. */
export const unannouncedOperations = {
  'attendance.searchChildren': staffOperation({ input: rollCallChildSearchInput, access: 'agent', run: searchRollCallChildren }),
  'attendance.addUnannounced': staffOperation({ input: rollCallAddInput, access: 'agent', run: addUnannouncedChild }),
};
