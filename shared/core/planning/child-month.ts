import type { Knex } from 'knex';
import { computedPublicHolidaysBetween } from './public-holidays';
import { referenceData } from '../reference/reference-data';
import { addDays, isoWeekday, shiftMonth } from '../../domain/french-dates';
import { dayHeader, type DayMark, type PlanningState, attendanceMark, type ATTENDANCE_MARKS } from '../../domain/planning-legend';
import { responsableOf } from '../families/responsable-join';
import { closureCovers } from '../../domain/closures';

export interface PlanningCell {
  date: string;
  state: PlanningState | null;
  mark: DayMark | null;
  attendance: keyof typeof ATTENDANCE_MARKS | null;
  /** A day the family may ask about (from today on, a day the service runs): the server checks the rest. */
  selectable: boolean;
}

export interface PlanningRow {
  serviceId: number;
  structure: string;
  service: string;
  responsable: string;
  cells: PlanningCell[];
}

export interface ChildMonth {
  child: { id: number; firstName: string; lastName: string };
  month: string; // YYYY-MM
  previousMonth: string;
  nextMonth: string;
  days: Array<{ date: string; header: string; weekend: boolean }>;
  rows: PlanningRow[];
}

interface CalendarDay {
  date: string;
  weekday: number;
  header: string;
  weekend: boolean;
}

/** A month's days with their ISO weekday and the grid's header (« Lu 02 »): the same for every child, built once. */
const calendars = new Map<string, CalendarDay[]>();
function monthCalendar(month: string): CalendarDay[] {
  let calendar = calendars.get(month);
  if (!calendar) {
    calendar = [];
    for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) {
      const weekday = isoWeekday(d);
      calendar.push({ date: d, weekday, header: dayHeader(d), weekend: weekday >= 6 });
    }
    if (calendars.size >= 240) calendars.clear(); // twenty years of months: no unbounded growth from odd URLs
    calendars.set(month, calendar);
  }
  return calendar;
}

/**
 * A child's month as the manual's planning grid: one row per service the child is enrolled in,
 * one cell per day with its state (pending requests shown as « en cours de traitement »),
 * the P/G/F marks and the attendance marks. Two queries in the common case (the child with its
 * enrolments, then its days), a third only when requests are pending; none per cell. The
 * calendar and the services come from the reference data.
 * Returns null when the child is not of this family.
 */
export async function childPlanningMonth(
  db: Knex,
  familyId: number,
  childId: number,
  month: string,
  today = '',
): Promise<ChildMonth | null> {
  const calendar = monthCalendar(month);
  const first = calendar[0]!.date;
  const last = calendar[calendar.length - 1]!.date;
  const pendingRequests = db('requests as r')
    .whereRaw('r.child_id = c.id')
    .where('r.state', 'pending')
    .whereIn('r.category', ['reservation', 'absence'])
    .count('*');
  // The child, its family's responsable (the grid's « Responsable » column), one row per
  // enrolment of the month, and whether requests are pending: one query.
  const childRows = await db('children as c')
    .leftJoin('family_adults as a', responsableOf('c.family_id'))
    .leftJoin('enrolments as e', function enrolledThisMonth() {
      this.on('e.child_id', '=', 'c.id').andOnVal('e.starts_on', '<=', last).andOnVal('e.ends_on', '>=', first);
    })
    .where({ 'c.id': childId, 'c.family_id': familyId })
    .whereNull('c.archived_at')
    .select(
      'c.id',
      'c.first_name',
      'c.last_name',
      'a.last_name as responsable_last_name',
      'a.first_name as responsable_first_name',
      'e.service_id',
      pendingRequests.as('pending_requests'),
    );
  const child = childRows[0];
  if (!child) return null;
  const responsable = child.responsable_last_name
    ? { last_name: child.responsable_last_name, first_name: child.responsable_first_name }
    : null;
  const reference = await referenceData(db);
  // The services the child is enrolled in this month, in the reference order of structures and services.
  const enrolled = new Set(childRows.filter((r) => r.service_id != null).map((r) => Number(r.service_id)));
  const services = reference.services.filter((s) => enrolled.has(s.id));
  const planning = await db('planning_days')
    .where('child_id', childId)
    .whereBetween('date', [first, last])
    .select('service_id', 'date', 'state', 'attendance');
  const pending =
    Number(child.pending_requests) > 0
      ? await db('requests')
          .where({ child_id: childId, state: 'pending' })
          .whereIn('category', ['reservation', 'absence'])
          .select('category', 'proposed_json')
      : [];
  const holidays = reference.holidays.filter((h) => h.startsOn <= last && h.endsOn >= first);
  const publicHolidays = new Set([
    ...computedPublicHolidaysBetween(first, last),
    ...reference.addedPublicHolidays.filter((d) => d >= first && d <= last),
  ]);
  const closures = reference.closures.filter((c) => c.startsOn <= last && c.endsOn >= first);
  const structureOf = new Map(reference.services.map((s) => [s.id, s.structureId]));
  const serviceIdByCode = new Map(reference.services.map((s) => [s.code, s.id]));

  const byKey = new Map(planning.map((p) => [`${p.service_id}|${p.date}`, p]));
  const pendingByKey = new Map<string, PlanningState>();
  for (const request of pending) {
    const proposed = JSON.parse(request.proposed_json) as { serviceCode?: string; dates?: string[] };
    const serviceId = serviceIdByCode.get(proposed.serviceCode ?? '');
    for (const date of proposed.dates ?? []) {
      pendingByKey.set(`${serviceId}|${date}`, request.category === 'reservation' ? 'reservation_processing' : 'absence_processing');
    }
  }
  const holidayKind = (date: string): DayMark | null => {
    const h = holidays.find((x) => date >= x.startsOn && date <= x.endsOn);
    return h ? (h.kind as DayMark) : null;
  };
  const closed = (serviceId: number, date: string) => closures.some((c) => closureCovers(c, serviceId, structureOf.get(serviceId), date));

  const rows: PlanningRow[] = services.map((service) => ({
    serviceId: service.id,
    structure: service.structure,
    service: service.name,
    responsable: responsable ? `${responsable.last_name} ${responsable.first_name}` : '',
    cells: calendar.map(({ date, weekday }) => {
      const stored = byKey.get(`${service.id}|${date}`);
      const pendingState = pendingByKey.get(`${service.id}|${date}`);
      const state = (pendingState ?? (closed(service.id, date) ? 'closed' : (stored?.state ?? null))) as PlanningState | null;
      const holiday = holidayKind(date);
      // F on every row; P/G on the rows of services that do not run in the holidays, as the manual shows.
      const mark: DayMark | null = publicHolidays.has(date) ? 'F' : holiday && !service.runsHolidays ? holiday : null;
      const runsThatWeekday = service.weekdays.includes(weekday);
      const runsThatPeriod = holiday ? service.runsHolidays : service.runsSchoolDays || service.runsWednesdays;
      const selectable = date >= today && runsThatWeekday && runsThatPeriod && mark !== 'F' && state !== 'closed';
      return { date, state, mark, attendance: attendanceMark(stored?.state ?? null, stored?.attendance ?? null), selectable };
    }),
  }));
  return {
    child: { id: child.id, firstName: child.first_name, lastName: child.last_name },
    month,
    previousMonth: shiftMonth(month, -1),
    nextMonth: shiftMonth(month, 1),
    days: calendar.map(({ date, header, weekend }) => ({ date, header, weekend })),
    rows,
  };
}
