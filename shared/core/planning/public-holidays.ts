import type { Knex } from 'knex';
import { frenchPublicHolidays } from '../../domain/public-holidays';

/**
 * The public holidays between two dates: computed for every year (Easter and the days that move
 * with it included), plus any day the commune added to the table. Nothing to load each year.
 */
export async function publicHolidaysBetween(db: Knex | Knex.Transaction, from: string, to: string): Promise<Set<string>> {
  const days = new Set(computedPublicHolidaysBetween(from, to));
  for (const row of await db('public_holidays').whereBetween('date', [from, to]).select('date')) days.add(row.date as string);
  return days;
}

/** The public holidays the law fixes (Easter's included) between two dates, without the table. */
export function computedPublicHolidaysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1) {
    for (const h of frenchPublicHolidays(year)) if (h.date >= from && h.date <= to) days.push(h.date);
  }
  return days;
}
