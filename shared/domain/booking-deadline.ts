import { addDays, isoWeekday } from './french-dates';

export interface DeadlineRule {
  /** « J-x à HH:MM » counts x days back; « weekday of the previous week » names an ISO weekday of the week before. */
  kind: 'days_before' | 'weekday_previous_week';
  daysBefore: number;
  weekday: number | null;
  time: string; // HH:MM, commune time
  /** Count only working days: weekends and public holidays are skipped. */
  businessDaysOnly: boolean;
}

/**
 * The last moment (commune-local « YYYY-MM-DDTHH:MM ») to book or cancel the day `date`.
 * « J-2 à 10:00 » for a Monday, counting working days only, is the Thursday before at 10:00.
 */
export function deadlineFor(date: string, rule: DeadlineRule, publicHolidays: ReadonlySet<string>): string {
  if (rule.kind === 'weekday_previous_week') {
    const weekday = rule.weekday ?? 3;
    const mondayOfWeek = addDays(date, 1 - isoWeekday(date));
    return `${addDays(mondayOfWeek, weekday - 1 - 7)}T${rule.time}`;
  }
  let day = date;
  let remaining = rule.daysBefore;
  while (remaining > 0) {
    day = addDays(day, -1);
    const weekend = isoWeekday(day) >= 6;
    if (!rule.businessDaysOnly || (!weekend && !publicHolidays.has(day))) remaining -= 1;
  }
  return `${day}T${rule.time}`;
}

/** True while `now` (commune-local « YYYY-MM-DDTHH:MM ») is at or before the deadline. */
export function beforeDeadline(nowLocal: string, deadline: string): boolean {
  return nowLocal <= deadline;
}
