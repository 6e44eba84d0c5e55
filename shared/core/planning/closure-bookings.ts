import type { Knex } from 'knex';
import type { z } from 'zod';
import type { ClosureImpact, closureScopeInput } from '../../contracts/services';
import { isPostgres } from '../../db/connection';
import { formatShortFrenchDate } from '../../domain/french-dates';
import type { Ctx } from '../context';
import { responsableOf } from '../families/responsable-join';
import { invoiceHolding } from '../billing/billed-days';
import { notifyByEmail } from '../messages/staff-messaging';
import type { StaffCtx } from '../operation';

type ClosureScope = z.output<typeof closureScopeInput>;

/** What a closure cancels: a day booked (reserved, or a regular day), neither invoiced nor marked at the roll call. */
const CANCELLED_STATES = ['reserved', 'regular'];
/** The families a closure's preview names, and whose days each message lists one by one. */
const SAMPLE_FAMILIES = 20;
const DAYS_LISTED = 10;

/** The planning days on the closure's dates and scope, booked or not. */
function daysInScope(db: Knex | Knex.Transaction, scope: ClosureScope) {
  const query = db('planning_days as p')
    .join('services as s', 's.id', 'p.service_id')
    .whereBetween('p.date', [scope.startsOn, scope.endsOn]);
  if (scope.serviceId != null) query.where('p.service_id', scope.serviceId);
  else if (scope.structureId != null) query.where('s.structure_id', scope.structureId);
  return query;
}

/** The booked days the closure cancels. */
export function bookedDaysInScope(db: Knex | Knex.Transaction, scope: ClosureScope) {
  return daysInScope(db, scope).whereIn('p.state', CANCELLED_STATES).whereNotExists(invoiceHolding(db, 'p.id')).whereNull('p.attendance');
}

/** « LÉA : Garderie matin le 15/12/2026, Restauration scolaire le 15/12/2026 » — at most ten days a child, then a count. */
function daysLine(rows: Array<{ first_name: string; service: string; date: string }>): string {
  const byChild = new Map<string, Array<{ service: string; date: string }>>();
  for (const row of rows) {
    const list = byChild.get(row.first_name) ?? [];
    list.push(row);
    byChild.set(row.first_name, list);
  }
  return [...byChild.entries()]
    .map(([child, days]) => {
      const listed = days.slice(0, DAYS_LISTED).map((d) => `${d.service} le ${formatShortFrenchDate(d.date)}`);
      const more = days.length > DAYS_LISTED ? ` et ${days.length - DAYS_LISTED} autre(s) jour(s)` : '';
      return `${child} : ${listed.join(', ')}${more}`;
    })
    .join(' ; ');
}

/** Each family's cancelled days as a line, for the families given. */
export async function familyDayLines(days: Knex.QueryBuilder, familyIds: number[]): Promise<Map<number, string>> {
  const rows = await days
    .clone()
    .join('children as c', 'c.id', 'p.child_id')
    .whereIn('c.family_id', familyIds)
    .orderBy(['c.family_id', 'c.first_name', 'p.date', 's.name'])
    .select('c.family_id', 'c.first_name', 's.name as service', 'p.date');
  const byFamily = new Map<number, typeof rows>();
  for (const row of rows) {
    const id = Number(row.family_id);
    byFamily.set(id, [...(byFamily.get(id) ?? []), row]);
  }
  return new Map([...byFamily.entries()].map(([id, list]) => [id, daysLine(list)]));
}

/** Before a closure is added: how many bookings it cancels, of how many families, and the first of them. */
export async function closureImpact(ctx: Ctx, scope: ClosureScope): Promise<ClosureImpact> {
  const booked = bookedDaysInScope(ctx.db, scope);
  const totals = await booked
    .clone()
    .join('children as c', 'c.id', 'p.child_id')
    .first(
      ctx.db.raw('count(*) as days'),
      ctx.db.raw('count(distinct p.child_id) as children'),
      ctx.db.raw('count(distinct c.family_id) as families'),
    );
  const untouched = await daysInScope(ctx.db, scope)
    .whereIn('p.state', CANCELLED_STATES)
    .where((w) => w.whereExists(invoiceHolding(ctx.db, 'p.id')).orWhereNotNull('p.attendance'))
    .count<{ n: number | string }[]>({ n: '*' })
    .first();
  const first = await ctx.db
    .from(booked.clone().join('children as c', 'c.id', 'p.child_id').distinct('c.family_id').as('b'))
    .join('family_adults as a', responsableOf('b.family_id'))
    .orderBy(['a.last_name', 'a.first_name', 'b.family_id'])
    .limit(SAMPLE_FAMILIES)
    .select('b.family_id', 'a.last_name', 'a.first_name');
  const lines = await familyDayLines(
    booked,
    first.map((f) => Number(f.family_id)),
  );
  return {
    cancelledDays: Number(totals?.days ?? 0),
    children: Number(totals?.children ?? 0),
    families: Number(totals?.families ?? 0),
    untouchedDays: Number(untouched?.n ?? 0),
    sample: first.map((f) => ({
      familyId: Number(f.family_id),
      familyName: `${f.last_name} ${f.first_name}`,
      days: lines.get(Number(f.family_id)) ?? '',
    })),
  };
}

/**
 * Cancels the booked days a closure falls on, in SQL whatever their number: each is kept with
 * what it was (to give it back if the closure is removed), then marked « closed » — not billed,
 * not counted as a place. On PostgreSQL the services concerned are locked first, as bookings lock
 * them: a booking cannot slip a day in between the closure and its cancellations.
 */
export async function cancelBookedDays(
  trx: Knex.Transaction | Knex,
  closure: { id: number; reason: string },
  scope: ClosureScope,
  at: string,
): Promise<number> {
  if (isPostgres(trx as Knex)) {
    const services = trx('services').forUpdate().select('id');
    if (scope.serviceId != null) services.where({ id: scope.serviceId });
    else if (scope.structureId != null) services.where({ structure_id: scope.structureId });
    await services;
  }
  const select = bookedDaysInScope(trx, scope)
    .whereNotIn('p.id', trx('closure_cancelled_days').where({ closure_id: closure.id }).select('planning_day_id'))
    .select(trx.raw('cast(? as integer) as closure_id', [closure.id]), 'p.id', 'p.state', 'p.absence_reason')
    .toSQL();
  await trx.raw(
    `insert into closure_cancelled_days (closure_id, planning_day_id, previous_state, previous_absence_reason) ${select.sql}`,
    select.bindings as Knex.RawBinding[],
  );
  const kept = trx('closure_cancelled_days').where({ closure_id: closure.id }).select('planning_day_id');
  return trx('planning_days')
    .whereIn('id', kept)
    .update({
      state: 'closed',
      absence_reason: `Fermeture${closure.reason ? ` : ${closure.reason}` : ''}`.slice(0, 200),
      updated_at: at,
      updated_by: 'fermeture',
    });
}

/**
 * When a closure is removed: the days it cancelled become what they were, unless someone changed
 * them since (marked, invoiced, or booked again). Returns how many came back.
 */
export async function restoreBookedDays(trx: Knex.Transaction | Knex, closureId: number, at: string): Promise<number> {
  const kept = (column: string) =>
    trx('closure_cancelled_days as k').where('k.closure_id', closureId).whereRaw('k.planning_day_id = planning_days.id').select(column);
  return trx('planning_days')
    .whereIn('id', trx('closure_cancelled_days').where({ closure_id: closureId }).select('planning_day_id'))
    .where({ state: 'closed' })
    .whereNotExists(invoiceHolding(trx, 'planning_days.id'))
    .whereNull('attendance')
    .update({
      state: kept('k.previous_state'),
      absence_reason: kept('k.previous_absence_reason'),
      updated_at: at,
      updated_by: 'fermeture retirée',
    });
}

/** The days a closure cancelled, as the message to each family lists them. */
function cancelledBy(db: Knex | Knex.Transaction, closureId: number) {
  return db('planning_days as p')
    .join('closure_cancelled_days as k', 'k.planning_day_id', 'p.id')
    .join('services as s', 's.id', 'p.service_id')
    .where('k.closure_id', closureId);
}

/**
 * Tells each family whose bookings the closure cancelled: a message on the portal listing its
 * children's days (its own structure as sender), and the usual e-mail that a message is waiting
 * (never the content). Written 300 families at a time. Returns how many families were told.
 */
export async function tellFamiliesOfClosure(
  ctx: StaffCtx,
  closure: { id: number; scope: string; startsOn: string; endsOn: string; reason: string; structureId: number | null },
  at: string,
): Promise<number> {
  const familyIds = (
    await cancelledBy(ctx.db, closure.id).join('children as c', 'c.id', 'p.child_id').distinct('c.family_id').orderBy('c.family_id')
  ).map((r) => Number(r.family_id));
  const period =
    closure.startsOn === closure.endsOn
      ? `le ${formatShortFrenchDate(closure.startsOn)}`
      : `du ${formatShortFrenchDate(closure.startsOn)} au ${formatShortFrenchDate(closure.endsOn)}`;
  const subject = `Fermeture ${period} : ${closure.scope}`.slice(0, 200);
  for (let i = 0; i < familyIds.length; i += 300) {
    const chunk = familyIds.slice(i, i + 300);
    const lines = await familyDayLines(cancelledBy(ctx.db, closure.id), chunk);
    await ctx.db('messages').insert(
      chunk.map((familyId) => ({
        family_id: familyId,
        structure_id: closure.structureId,
        direction: 'to_family',
        subject,
        body: [
          `Fermeture ${period} — ${closure.scope}${closure.reason ? ` (${closure.reason})` : ''}.`,
          `Les jours réservés suivants sont annulés et ne vous seront pas facturés : ${lines.get(familyId) ?? ''}.`,
        ].join('\n\n'),
        sender_staff_id: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
        handled_at: at,
        created_at: at,
      })),
    );
  }
  await notifyByEmail(ctx, familyIds, subject);
  return familyIds.length;
}
