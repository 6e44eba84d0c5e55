import type { Knex } from 'knex';
import type { z } from 'zod';
import type { enrolmentCreateInput, enrolmentEndInput, EnrolmentView } from '../../contracts/enrolments';
import { addDays, isoWeekday } from '../../domain/french-dates';
import { audit } from '../audit/audit-log';
import { nowIso, today } from '../clock';
import type { Ctx } from '../context';
import { notFound, OperationError } from '../errors';
import { bool } from '../families/presenter';
import { publicHolidaysBetween } from '../planning/public-holidays';
import { invoiceHolding } from '../billing/billed-days';

export async function childEnrolments(ctx: Ctx, childId: number): Promise<EnrolmentView[]> {
  const rows = await ctx
    .db('enrolments as e')
    .join('services as s', 's.id', 'e.service_id')
    .join('structures as st', 'st.id', 's.structure_id')
    .where('e.child_id', childId)
    .orderBy(['e.starts_on', 's.position'])
    .select('e.id', 'e.service_id', 'e.starts_on', 'e.ends_on', 'e.regular_weekdays', 's.name', 'st.name as structure');
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    serviceLabel: `${r.structure} — ${r.name}`,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    regularWeekdays: r.regular_weekdays ? String(r.regular_weekdays).split(',').map(Number) : [],
  }));
}

/**
 * The days a regular enrolment books: its weekdays, in the periods the service runs, without
 * public holidays and closures. One pass over the calendar, one batch insert.
 */
export async function regularDays(
  trx: Knex.Transaction,
  serviceId: number,
  weekdays: number[],
  from: string,
  to: string,
): Promise<string[]> {
  if (weekdays.length === 0) return [];
  const service = await trx('services')
    .where({ id: serviceId })
    .first('weekdays', 'runs_holidays', 'runs_school_days', 'runs_wednesdays', 'structure_id');
  const zone = (await trx('commune_settings').where({ id: 1 }).first('school_zone'))?.school_zone ?? 'B';
  const holidays = await trx('holidays').whereIn('zone', [zone, '*']).select('starts_on', 'ends_on');
  const publicHolidays = await publicHolidaysBetween(trx, from, to);
  const closures = await trx('closures').where((q) =>
    q
      .where({ service_id: serviceId })
      .orWhere((r) =>
        r.whereNull('service_id').andWhere((s) => s.where({ structure_id: service.structure_id }).orWhereNull('structure_id')),
      ),
  );
  const runs = String(service.weekdays).split(',').map(Number);
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const weekday = isoWeekday(d);
    if (!weekdays.includes(weekday) || !runs.includes(weekday) || publicHolidays.has(d)) continue;
    const holiday = holidays.some((h) => d >= h.starts_on && d <= h.ends_on);
    if (holiday ? !bool(service.runs_holidays) : !(bool(service.runs_school_days) || bool(service.runs_wednesdays))) continue;
    if (closures.some((c) => d >= c.starts_on && d <= c.ends_on)) continue;
    days.push(d);
  }
  return days;
}

/** Enrols a child in a service for a period; regular weekdays fill the planning from today on. */
export async function createEnrolment(ctx: Ctx, input: z.output<typeof enrolmentCreateInput>): Promise<EnrolmentView[]> {
  const child = await ctx.db('children').where({ id: input.childId }).whereNull('archived_at').first('id');
  if (!child) throw notFound('Enfant');
  if (!(await ctx.db('services').where({ id: input.serviceId }).first('id'))) throw notFound('Prestation');
  const weekdays = [...new Set(input.regularWeekdays)].sort();
  const { days } = await insertEnrolment(ctx.db, input, {
    today: today(ctx.clock),
    at: nowIso(ctx.clock),
    by: ctx.actor.kind === 'staff' ? ctx.actor.username : 'système',
  });
  await audit(ctx, {
    action: 'enrolment.create',
    entity: 'child',
    entityId: input.childId,
    details: { serviceId: input.serviceId, startsOn: input.startsOn, endsOn: input.endsOn, weekdays, days },
  });
  return childEnrolments(ctx, input.childId);
}

/**
 * Writes an enrolment and books its regular days from today on (a day the child already has in
 * that service is left as it is), in the caller's transaction: an agent's enrolment, or a
 * family's request the agent accepts. Refused when the child is already enrolled in the service
 * on part of the period.
 */
export async function insertEnrolment(
  db: Knex.Transaction,
  input: { childId: number; serviceId: number; startsOn: string; endsOn: string; regularWeekdays: number[] },
  when: { today: string; at: string; by: string },
): Promise<{ enrolmentId: number; days: number }> {
  const overlap = await db('enrolments')
    .where({ child_id: input.childId, service_id: input.serviceId })
    .where('starts_on', '<=', input.endsOn)
    .where('ends_on', '>=', input.startsOn)
    .first('id');
  if (overlap) throw new OperationError('conflict', 'L’enfant est déjà inscrit à cette prestation sur cette période.');
  const weekdays = [...new Set(input.regularWeekdays)].sort();
  const [created] = await db('enrolments')
    .insert({
      child_id: input.childId,
      service_id: input.serviceId,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      regular_weekdays: weekdays.join(','),
      status: 'active',
      created_at: when.at,
    })
    .returning('id');
  const enrolmentId = Number(typeof created === 'object' ? created.id : created);
  // biome-ignore lint/complexity/useMathMinMax: ISO dates are strings, compared as such; Math.max would make NaN of them.
  const from = input.startsOn > when.today ? input.startsOn : when.today;
  const days = await regularDays(db, input.serviceId, weekdays, from, input.endsOn);
  const existing = new Set(
    (
      await db('planning_days')
        .where({ child_id: input.childId, service_id: input.serviceId })
        .whereBetween('date', [from, input.endsOn])
        .select('date')
    ).map((r) => r.date as string),
  );
  const rows = days
    .filter((d) => !existing.has(d))
    .map((date) => ({
      child_id: input.childId,
      service_id: input.serviceId,
      date,
      enrolment_id: enrolmentId,
      state: 'regular',
      attendance: null,
      absence_reason: null,
      late_cancellation: false,
      updated_at: when.at,
      updated_by: when.by,
    }));
  if (rows.length > 0) await db.batchInsert('planning_days', rows, 200);
  return { enrolmentId, days: rows.length };
}

/** Ends an enrolment: its regular days after the new end leave the planning (days already lived stay). */
export async function endEnrolment(ctx: Ctx, input: z.output<typeof enrolmentEndInput>): Promise<EnrolmentView[]> {
  const enrolment = await ctx.db('enrolments').where({ id: input.id }).first();
  if (!enrolment) throw notFound('Inscription');
  if (input.endsOn < enrolment.starts_on)
    throw new OperationError('validation', 'La fin ne peut pas précéder le début de l’inscription.', { endsOn: 'Avant le début.' });
  // biome-ignore lint/complexity/useMathMinMax: ISO dates are strings, compared as such; Math.max would make NaN of them.
  const from = addDays(input.endsOn, 1) > today(ctx.clock) ? addDays(input.endsOn, 1) : today(ctx.clock);
  const removed = await ctx
    .db('planning_days')
    .where({ enrolment_id: input.id, state: 'regular' })
    .whereNull('attendance')
    .where('date', '>=', from)
    // Today may already be billed (a month is billed up to today): a day an invoice holds stays.
    .whereNotExists(invoiceHolding(ctx.db, 'planning_days.id'))
    .delete();
  await ctx
    .db('enrolments')
    .where({ id: input.id })
    .update({ ends_on: input.endsOn, status: input.endsOn < today(ctx.clock) ? 'ended' : 'active' });
  await audit(ctx, {
    action: 'enrolment.end',
    entity: 'child',
    entityId: enrolment.child_id,
    details: { enrolmentId: input.id, endsOn: input.endsOn, removedDays: removed },
  });
  return childEnrolments(ctx, enrolment.child_id);
}
