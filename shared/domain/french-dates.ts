// Dates as the manual prints them (« Lundi 4 Mai 2015 », « 08/04/2015 »), always in the
// commune's time zone: a parent at 23:30 on the 3rd in Paris is on the 3rd, whatever UTC says.

export const COMMUNE_TIME_ZONE = 'Europe/Paris';

const DAY_NAMES = ['Dimanche', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'];
const MONTH_NAMES = [
  'Janvier',
  'Février',
  'Mars',
  'Avril',
  'Mai',
  'Juin',
  'Juillet',
  'Août',
  'Septembre',
  'Octobre',
  'Novembre',
  'Décembre',
];

/** The calendar date (YYYY-MM-DD) of an instant in the commune's time zone. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The last answer per time zone: every instant of one UTC minute has the same date in any zone (offsets are whole minutes). */
const lastDates = new Map<string, { minute: number; date: string }>();

export function isoDateInTimeZone(instant: Date, timeZone: string = COMMUNE_TIME_ZONE): string {
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last && last.minute === minute) return last.date;
  // Building an Intl.DateTimeFormat costs far more than using one: one per time zone, kept.
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  lastDates.set(timeZone, { minute, date });
  return date;
}

function parseIsoDate(iso: string): { year: number; month: number; day: number; weekday: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`Date invalide : ${iso}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday };
}

/** « Lundi 4 Mai 2015 » */
export function formatLongFrenchDate(iso: string): string {
  const { year, month, day, weekday } = parseIsoDate(iso);
  return `${DAY_NAMES[weekday]} ${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** « 08/04/2015 » */
export function formatShortFrenchDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const { year, month, day } = parseIsoDate(iso.slice(0, 10));
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? '';
}

/** Adds whole days to an ISO date, in calendar terms (no time zone involved). */
export function addDays(iso: string, days: number): string {
  const { year, month, day } = parseIsoDate(iso);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(iso: string): number {
  const { weekday } = parseIsoDate(iso);
  return weekday === 0 ? 7 : weekday;
}

/** « 2026-11 » moved by whole months: shiftMonth('2026-01', -1) is « 2025-12 ». */
export function shiftMonth(month: string, by: number): string {
  const date = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

/** The years a posted date or month may name: beyond them no calendar, tariff or school year exists. */
export const CALENDAR_YEARS = { first: 2000, last: 2099 } as const;

/** « 2027-02-28 » is a date; « 2027-02-31 », « 1850-01-07 » and « 2027-2-1 » are not. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  if (year < CALENDAR_YEARS.first || year > CALENDAR_YEARS.last) return false;
  const date = new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** « 2026-11 » within the calendar's years. */
export function isCalendarMonth(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && isCalendarDate(`${value}-01`);
}

const LOCAL_MINUTE = new Intl.DateTimeFormat('en-CA', {
  timeZone: COMMUNE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * The UTC instant at which a commune day starts (« 2026-03-10 » → 2026-03-09T23:00:00.000Z in
 * winter, 22:00 in summer), to filter instants kept in UTC by the commune's days.
 */
export function communeDayStart(iso: string): string {
  const midnightUtc = Date.parse(`${iso}T00:00:00Z`);
  for (const hours of [-1, -2, 0, -3, 1]) {
    const candidate = new Date(midnightUtc + hours * 3_600_000);
    if (LOCAL_MINUTE.format(candidate) === `${iso}, 00:00`) return candidate.toISOString();
  }
  return new Date(midnightUtc).toISOString();
}

const LOWER_WEEKDAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** « lundi, mardi et jeudi » from ISO weekdays (1 Monday … 7 Sunday), in the order given; null for none. */
export function weekdaysText(weekdays: readonly unknown[]): string | null {
  const names = weekdays.map((d) => LOWER_WEEKDAY_NAMES[Number(d)] ?? '').filter(Boolean);
  if (names.length === 0) return null;
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}`;
}
