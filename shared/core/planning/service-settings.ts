import type { z } from 'zod';
import type {
  ClosureAdded,
  closureInput,
  ClosureView,
  HolidayView,
  holidayUpdateInput,
  serviceSettingsInput,
  ServiceSettings,
} from '../../contracts/services';
import { audit, diff } from '../audit/audit-log';
import { isUniqueViolation } from '../../db/unique-violation';
import { nowIso, today } from '../clock';
import type { Ctx } from '../context';
import { conflict, notFound } from '../errors';
import type { StaffCtx } from '../operation';
import { cancelBookedDays, restoreBookedDays, tellFamiliesOfClosure } from './closure-bookings';
import { bool } from '../families/presenter';

export async function listServiceSettings(ctx: Ctx): Promise<ServiceSettings[]> {
  const rows = await ctx
    .db('services as s')
    .join('structures as st', 'st.id', 's.structure_id')
    .leftJoin('booking_rules as b', 'b.service_id', 's.id')
    .orderBy(['st.position', 's.position'])
    .select(
      's.*',
      'st.name as structure',
      'b.reservation_kind',
      'b.reservation_days_before',
      'b.reservation_weekday',
      'b.reservation_time',
      'b.cancellation_kind',
      'b.cancellation_days_before',
      'b.cancellation_weekday',
      'b.cancellation_time',
      'b.business_days_only',
    );
  return rows.map((r) => ({
    id: r.id,
    label: `${r.structure} — ${r.name}`,
    capacityPerDay: r.capacity_per_day ?? null,
    minutesPerDay: r.minutes_per_day == null ? null : Number(r.minutes_per_day),
    validationMode: r.validation_mode,
    billLateCancellation: bool(r.bill_late_cancellation),
    runsSchoolDays: bool(r.runs_school_days),
    runsWednesdays: bool(r.runs_wednesdays),
    runsHolidays: bool(r.runs_holidays),
    weekdays: String(r.weekdays).split(',').map(Number),
    reservationKind: r.reservation_kind ?? 'days_before',
    reservationDaysBefore: Number(r.reservation_days_before ?? 2),
    reservationWeekday: r.reservation_weekday ?? null,
    reservationTime: r.reservation_time ?? '12:00',
    cancellationKind: r.cancellation_kind ?? 'days_before',
    cancellationDaysBefore: Number(r.cancellation_days_before ?? 2),
    cancellationWeekday: r.cancellation_weekday ?? null,
    cancellationTime: r.cancellation_time ?? '12:00',
    businessDaysOnly: bool(r.business_days_only ?? true),
  }));
}

/** Capacity, validation mode, late-cancellation billing and the booking deadlines of one service. */
export async function updateServiceSettings(ctx: Ctx, input: z.output<typeof serviceSettingsInput>): Promise<ServiceSettings[]> {
  const before = (await listServiceSettings(ctx)).find((s) => s.id === input.id);
  if (!before) throw notFound('Prestation');
  await ctx
    .db('services')
    .where({ id: input.id })
    .update({
      capacity_per_day: input.capacityPerDay,
      minutes_per_day: input.minutesPerDay,
      validation_mode: input.validationMode,
      bill_late_cancellation: input.billLateCancellation,
      runs_school_days: input.runsSchoolDays,
      runs_wednesdays: input.runsWednesdays,
      runs_holidays: input.runsHolidays,
      weekdays: [...new Set(input.weekdays)].sort().join(','),
    });
  const rules = {
    reservation_kind: input.reservationKind,
    reservation_days_before: input.reservationDaysBefore,
    reservation_weekday: input.reservationWeekday,
    reservation_time: input.reservationTime,
    cancellation_kind: input.cancellationKind,
    cancellation_days_before: input.cancellationDaysBefore,
    cancellation_weekday: input.cancellationWeekday,
    cancellation_time: input.cancellationTime,
    business_days_only: input.businessDaysOnly,
  };
  if (await ctx.db('booking_rules').where({ service_id: input.id }).first('service_id'))
    await ctx.db('booking_rules').where({ service_id: input.id }).update(rules);
  else await ctx.db('booking_rules').insert({ service_id: input.id, ...rules });
  const after = (await listServiceSettings(ctx)).find((s) => s.id === input.id)!;
  await audit(ctx, {
    action: 'service.update',
    entity: 'service',
    entityId: input.id,
    details: { changes: diff(before as never, after as never) },
  });
  return listServiceSettings(ctx);
}

export async function listClosures(ctx: Ctx): Promise<ClosureView[]> {
  const rows = await ctx
    .db('closures as c')
    .leftJoin('structures as st', 'st.id', 'c.structure_id')
    .leftJoin('services as s', 's.id', 'c.service_id')
    .where('c.ends_on', '>=', today(ctx.clock))
    .orderBy('c.starts_on')
    .select('c.id', 'c.starts_on', 'c.ends_on', 'c.reason', 'st.name as structure', 's.name as service');
  return rows.map((r) => ({
    id: r.id,
    scope: r.service ?? r.structure ?? 'Toutes les structures',
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    reason: r.reason,
  }));
}

/** « Garderie périscolaire », « ALSH Mercredi journée », « Toutes les structures »: what a closure shuts. */
async function scopeName(ctx: Ctx, scope: { structureId: number | null; serviceId: number | null }): Promise<string> {
  if (scope.serviceId != null) return (await ctx.db('services').where({ id: scope.serviceId }).first('name'))?.name ?? 'Prestation';
  if (scope.structureId != null) return (await ctx.db('structures').where({ id: scope.structureId }).first('name'))?.name ?? 'Structure';
  return 'Toutes les structures';
}

/**
 * A closure (strike, training day…): the grid shows « Fermeture » and nobody can book those days.
 * The days already booked are cancelled (not billed) and, when the agent asks, each family is told.
 * The same closure entered twice at once is entered once (unique index): the second is told so.
 */
export async function addClosure(ctx: StaffCtx, input: z.output<typeof closureInput>): Promise<ClosureAdded> {
  let id: number;
  try {
    const [created] = await ctx
      .db('closures')
      .insert({
        structure_id: input.structureId,
        service_id: input.serviceId,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        reason: input.reason,
      })
      .returning('id');
    id = Number(typeof created === 'object' ? created.id : created);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('Cette fermeture est déjà enregistrée (mêmes jours, même structure ou prestation).');
    throw error;
  }
  const at = nowIso(ctx.clock);
  const cancelledDays = await cancelBookedDays(ctx.db, { id, reason: input.reason }, input, at);
  const structureId =
    input.serviceId != null
      ? ((await ctx.db('services').where({ id: input.serviceId }).first('structure_id'))?.structure_id ?? null)
      : input.structureId;
  const familiesTold =
    input.tellFamilies && cancelledDays > 0
      ? await tellFamiliesOfClosure(
          ctx,
          { id, scope: await scopeName(ctx, input), startsOn: input.startsOn, endsOn: input.endsOn, reason: input.reason, structureId },
          at,
        )
      : 0;
  await audit(ctx, {
    action: 'closure.create',
    entity: 'closure',
    entityId: id,
    details: { ...input, cancelledDays, familiesTold },
  });
  return { closures: await listClosures(ctx), cancelledDays, familiesTold };
}

/** Removes a closure: the days it cancelled come back as they were, unless changed since. */
export async function removeClosure(ctx: Ctx, id: number): Promise<ClosureView[]> {
  const closure = await ctx.db('closures').where({ id }).first();
  if (!closure) throw notFound('Fermeture');
  const at = nowIso(ctx.clock);
  const restoredDays = await restoreBookedDays(ctx.db, id, at);
  await ctx.db('closures').where({ id }).delete();
  // A day another closure also covers stays closed: that closure cancels it in its turn.
  const overlapping = await ctx.db('closures').where('starts_on', '<=', closure.ends_on).where('ends_on', '>=', closure.starts_on);
  for (const other of overlapping) {
    await cancelBookedDays(
      ctx.db,
      { id: other.id, reason: other.reason },
      { structureId: other.structure_id, serviceId: other.service_id, startsOn: other.starts_on, endsOn: other.ends_on },
      at,
    );
  }
  await audit(ctx, { action: 'closure.delete', entity: 'closure', entityId: id, details: { restoredDays } });
  return listClosures(ctx);
}

/** The school holidays of the commune's zone (and those common to every zone), by school year. */
export async function listHolidays(ctx: Ctx): Promise<HolidayView[]> {
  const zone = (await ctx.db('commune_settings').where({ id: 1 }).first('school_zone'))?.school_zone ?? 'B';
  const rows = await ctx
    .db('holidays as h')
    .join('school_years as y', 'y.id', 'h.school_year_id')
    .whereIn('h.zone', [zone, '*'])
    .orderBy('h.starts_on')
    .select('h.id', 'h.kind', 'h.name', 'h.starts_on', 'h.ends_on', 'y.label');
  return rows.map((r) => ({ id: r.id, schoolYear: r.label, kind: r.kind, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on }));
}

/** Corrects a holiday's dates (the calendar is shipped as data; a ministry change is an edit here). */
export async function updateHoliday(ctx: Ctx, input: z.output<typeof holidayUpdateInput>): Promise<HolidayView[]> {
  const before = await ctx.db('holidays').where({ id: input.id }).first('starts_on', 'ends_on');
  if (!before) throw notFound('Période de vacances');
  await ctx.db('holidays').where({ id: input.id }).update({ starts_on: input.startsOn, ends_on: input.endsOn });
  await audit(ctx, { action: 'holiday.update', entity: 'holiday', entityId: input.id, details: { before, after: input } });
  return listHolidays(ctx);
}

export async function listStructures(ctx: Ctx): Promise<Array<{ id: number; name: string }>> {
  return ctx.db('structures').orderBy('position').select('id', 'name');
}
