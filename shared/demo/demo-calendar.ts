import { monthBounds, schoolYearLabelOf } from '../domain/billing-rules';
import { SHIPPED_SCHOOL_YEARS, type ShippedSchoolYear } from '../db/school-calendar-data';
import { shiftMonth } from '../domain/french-dates';

// The demo is dated from the day it is built: these rules place its school year, its billed
// months and its notable days so that the story holds whatever that day is.

/**
 * The school year the demo lives in: today's; in the summer after it, the coming one when the
 * calendar ships it (families enrol for the rentrée); in a year the calendar does not ship yet,
 * the last shipped one before today (all of it lived); before the first, the first.
 */
export function demoSchoolYear(todayIso: string): ShippedSchoolYear {
  const label = schoolYearLabelOf(todayIso.slice(0, 7));
  const current = SHIPPED_SCHOOL_YEARS.find((y) => y.label === label);
  const coming = SHIPPED_SCHOOL_YEARS.find((y) => y.startsOn > todayIso);
  if (current && todayIso > current.endsOn && coming) return coming;
  if (current) return current;
  const lived = SHIPPED_SCHOOL_YEARS.filter((y) => y.endsOn < todayIso);
  return lived[lived.length - 1] ?? SHIPPED_SCHOOL_YEARS[0]!;
}

/** The school year's months that are over by today, oldest first: the ones already billed. */
export function demoBilledMonths(year: ShippedSchoolYear, todayIso: string): string[] {
  const months: string[] = [];
  const last = year.endsOn.slice(0, 7);
  for (let month = year.startsOn.slice(0, 7); month <= last; month = shiftMonth(month, 1)) {
    if (monthBounds(month).to < todayIso) months.push(month);
  }
  return months;
}

/** A month's invoices are issued on the 5th of the next month, or today when that is still to come. */
export function demoIssueDate(month: string, todayIso: string): string {
  const fifth = `${shiftMonth(month, 1)}-05`;
  return fifth < todayIso ? fifth : todayIso;
}

/** An instant on a day, at a given UTC hour, never after `now`: the demo records nothing in the future. */
export function demoInstant(dateIso: string, now: Date, hourUtc = 8): Date {
  const instant = new Date(`${dateIso}T${String(hourUtc).padStart(2, '0')}:00:00.000Z`);
  return instant.getTime() < now.getTime() ? instant : now;
}

/**
 * Of a sorted list of days, the one nearest to `target` within [from, to]: on or after it
 * first, else the latest before it. Null when no day lies in the bounds.
 */
export function dayNear(days: string[], target: string, from: string, to: string): string | null {
  const inBounds = days.filter((d) => d >= from && d <= to);
  return inBounds.find((d) => d >= target) ?? inBounds[inBounds.length - 1] ?? null;
}
