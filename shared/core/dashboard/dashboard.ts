import type { StaffDashboard, DashboardDay } from '../../contracts/dashboard';
import { REQUEST_CATEGORY_LABELS } from '../../domain/labels';
import { ownValue } from '../../domain/own-key';
import { addDays, isoWeekday } from '../../domain/french-dates';
import { unpaidInvoicesQuery, linkDaysAfterDue } from '../billing/unpaid';
import { today } from '../clock';
import { responsableOf } from '../families/responsable-join';
import { staffOperation, type StaffCtx } from '../operation';
import { computedPublicHolidaysBetween } from '../planning/public-holidays';
import { type ReferenceData, referenceData } from '../reference/reference-data';
import { z } from '../../contracts/zod-fr';
import { closureCovers } from '../../domain/closures';

/** How far ahead the capacity warnings look, and from what share of a day's places. */
const CAPACITY_DAYS_AHEAD = 14;
const CAPACITY_WARNING_TENTHS = 9;
const QUOTIENT_WARNING_DAYS = 31;
const LISTED = 5;

/** The next day that is neither a weekend nor a public holiday: the one the kitchen orders for. */
function nextWorkingDay(from: string, added: ReadonlySet<string>): string {
  const holidays = new Set([...computedPublicHolidaysBetween(from, addDays(from, 10)), ...added]);
  let day = addDays(from, 1);
  while (isoWeekday(day) >= 6 || holidays.has(day)) day = addDays(day, 1);
  return day;
}

/** A closure of the service itself, of its structure, or of every structure, covers the day. */
function closedOn(reference: ReferenceData, serviceId: number, structureId: number, date: string): boolean {
  return reference.closures.some((c) => closureCovers(c, serviceId, structureId, date));
}

/** Today and the next working day, per service: expected children, declared absences, meals. */
async function serviceDays(ctx: StaffCtx, dates: string[]): Promise<DashboardDay[]> {
  const reference = await referenceData(ctx.db);
  // By service and date, as the (service_id, date) index reads it: a date alone would scan the table.
  const counts = await ctx
    .db('planning_days')
    .whereIn(
      'service_id',
      reference.services.map((s) => s.id),
    )
    .whereIn('date', dates)
    .whereIn('state', ['reserved', 'regular', 'absent_excused', 'absent_billed'])
    .groupBy('date', 'service_id', 'state')
    .select('date', 'service_id', 'state', ctx.db.raw('count(*) as n'));
  const countOf = (date: string, serviceId: number, states: string[]) =>
    counts
      .filter((c) => c.date === date && Number(c.service_id) === serviceId && states.includes(c.state))
      .reduce((sum, c) => sum + Number(c.n), 0);
  const closed = (serviceId: number, structureId: number, date: string) => closedOn(reference, serviceId, structureId, date);
  const units = new Map((await ctx.db('services').select('id', 'unit', 'capacity_per_day')).map((s) => [Number(s.id), s] as const));
  return dates.map((date) => {
    const services = reference.services
      .filter((s) => s.weekdays.includes(isoWeekday(date)))
      .map((s) => {
        const isClosed = closed(s.id, s.structureId, date);
        const service = units.get(s.id);
        return {
          serviceId: s.id,
          service: s.name,
          structure: s.structure,
          expected: isClosed ? 0 : countOf(date, s.id, ['reserved', 'regular']),
          absences: countOf(date, s.id, ['absent_excused', 'absent_billed']),
          meals: service?.unit === 'meal',
          closed: isClosed,
          capacity: service?.capacity_per_day == null ? null : Number(service.capacity_per_day),
        };
      })
      .filter((s) => s.expected || s.absences || s.closed);
    return { date, services, mealsToOrder: services.filter((s) => s.meals).reduce((sum, s) => sum + s.expected, 0) };
  });
}

/**
 * « Tableau de bord »: what an agent starts the day from. Each part is one grouped query (or
 * two), whatever the commune's size: counts and the few oldest rows, never whole lists.
 */
export async function staffDashboard(ctx: StaffCtx): Promise<StaffDashboard> {
  const todayIso = today(ctx.clock);
  const reference = await referenceData(ctx.db);
  const days = await serviceDays(ctx, [todayIso, nextWorkingDay(todayIso, new Set(reference.addedPublicHolidays))]);

  const pendingCount = await ctx.db('requests').where({ state: 'pending' }).count<{ n: number | string }[]>({ n: '*' }).first();
  const oldest = await ctx
    .db('requests as r')
    .join('families as f', 'f.id', 'r.family_id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .leftJoin('children as c', 'c.id', 'r.child_id')
    .where('r.state', 'pending')
    .orderBy([{ column: 'r.created_at' }, { column: 'r.id' }])
    .limit(LISTED)
    .select('r.id', 'r.family_id', 'r.category', 'r.created_at', 'a.last_name', 'a.first_name', 'c.first_name as child_first_name');

  const unread = await ctx
    .db('messages as m')
    .leftJoin('structures as s', 's.id', 'm.structure_id')
    .where({ 'm.direction': 'from_family' })
    .whereNull('m.read_by_staff_at')
    .groupBy('s.name')
    .select('s.name as structure', ctx.db.raw('count(*) as n'));

  const overdue = await ctx.db
    .from(
      unpaidInvoicesQuery(ctx.db, todayIso, await linkDaysAfterDue(ctx.db))
        .where('i.due_on', '<', todayIso)
        .select(ctx.db.raw('i.total_cents - coalesce(p.paid_cents, 0) as remaining'))
        .as('u'),
    )
    .first(ctx.db.raw('count(*) as n'), ctx.db.raw('coalesce(sum(remaining), 0) as cents'));

  const withPlaces = (await ctx.db('services').whereNotNull('capacity_per_day').select('id')).map((s) => Number(s.id));
  const capacityRows = await ctx
    .db('planning_days as d')
    .join('services as s', 's.id', 'd.service_id')
    .whereIn('d.service_id', withPlaces)
    .whereBetween('d.date', [todayIso, addDays(todayIso, CAPACITY_DAYS_AHEAD)])
    .whereIn('d.state', ['reserved', 'regular'])
    .groupBy('d.service_id', 's.name', 's.capacity_per_day', 's.structure_id', 'd.date')
    // In whole numbers: PostgreSQL types a bound 0.9 from the integer column it multiplies.
    .havingRaw('count(*) * 10 >= s.capacity_per_day * ?', [CAPACITY_WARNING_TENTHS])
    .orderBy([{ column: 'd.date' }, { column: 'd.service_id' }])
    .limit(40)
    .select('d.service_id', 's.name', 's.capacity_per_day', 'd.date', 's.structure_id', ctx.db.raw('count(*) as n'));
  // A full day the commune has since closed is no longer a warning (closures leave the bookings as they were).
  const fullAndOpen = capacityRows.filter((r) => !closedOn(reference, Number(r.service_id), Number(r.structure_id), r.date)).slice(0, 20);

  const expiring = () =>
    ctx
      .db('family_caf as q')
      .join('families as f', 'f.id', 'q.family_id')
      .whereNull('f.archived_at')
      .whereBetween('q.quotient_valid_to', [todayIso, addDays(todayIso, QUOTIENT_WARNING_DAYS)]);
  const expiringCount = await expiring().count<{ n: number | string }[]>({ n: '*' }).first();
  const expiringRows = await expiring()
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .orderBy([{ column: 'q.quotient_valid_to' }, { column: 'f.id' }])
    .limit(LISTED)
    .select('f.id', 'q.quotient_valid_to', 'a.last_name', 'a.first_name');

  const name = (r: { last_name?: string | null; first_name?: string | null }) => [r.last_name, r.first_name].filter(Boolean).join(' ');
  return {
    days,
    pendingRequests: {
      count: Number(pendingCount?.n ?? 0),
      oldest: oldest.map((r) => ({
        id: Number(r.id),
        familyId: Number(r.family_id),
        familyName: name(r),
        category: ownValue(REQUEST_CATEGORY_LABELS, r.category) ?? r.category,
        childName: r.child_first_name ?? '',
        createdAt: r.created_at,
      })),
    },
    unreadMessages: {
      count: unread.reduce((sum, r) => sum + Number(r.n), 0),
      byStructure: unread.map((r) => ({ structure: r.structure ?? 'Mairie', unread: Number(r.n) })),
    },
    overdueInvoices: { count: Number(overdue?.n ?? 0), remainingCents: Number(overdue?.cents ?? 0) },
    nearCapacity: fullAndOpen.map((r) => ({
      serviceId: Number(r.service_id),
      service: r.name,
      date: r.date,
      booked: Number(r.n),
      capacity: Number(r.capacity_per_day),
    })),
    quotientsExpiring: {
      count: Number(expiringCount?.n ?? 0),
      families: expiringRows.map((r) => ({ familyId: Number(r.id), familyName: name(r), validTo: r.quotient_valid_to })),
    },
  };
}

/** This folder's operations, merged into the staff handler table. */
export const dashboardOperations = {
  'dashboard.get': staffOperation({ input: z.object({}).strict(), access: 'agent', run: (ctx) => staffDashboard(ctx) }),
};
