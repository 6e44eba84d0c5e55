import type { Knex } from 'knex';
import { deadlineFor } from '../../domain/booking-deadline';
import { addDays, formatLongFrenchDate, isoWeekday, monthName } from '../../domain/french-dates';
import { portalBaseUrl } from '../accounts/portal-tokens';
import type { Clock } from '../clock';
import { bool } from '../families/presenter';
import { closureCovers, type ClosureScope } from '../../domain/closures';
import { queueEmails, type OutgoingEmail } from '../mail/mailer';
import { computedPublicHolidaysBetween } from './public-holidays';
import { deadlineRule, localNow } from './deadline-rules';

const closureScope = (c: { service_id: number | null; structure_id: number | null; starts_on: string; ends_on: string }): ClosureScope => ({
  serviceId: c.service_id,
  structureId: c.structure_id,
  startsOn: c.starts_on,
  endsOn: c.ends_on,
});

/** A reminder leaves when the deadline is at most this many days ahead. */
export const REMINDER_DAYS_AHEAD = 3;
/** Periods that start within this many days are looked at: the holidays and the next month. */
const PERIODS_AHEAD_DAYS = 75;

interface Period {
  label: string;
  start: string;
  end: string;
  holidays: boolean;
}

interface ServiceRow {
  id: number;
  name: string;
  structure_id: number;
  weekdays: string;
  runs_school_days: unknown;
  runs_wednesdays: unknown;
  runs_holidays: unknown;
}

/** The periods a family books ahead for: each school holiday, and each month. */
async function comingPeriods(db: Knex, todayIso: string): Promise<Period[]> {
  const horizon = addDays(todayIso, PERIODS_AHEAD_DAYS);
  const zone = (await db('commune_settings').where({ id: 1 }).first('school_zone'))?.school_zone ?? 'B';
  const holidays = await db('holidays')
    .whereIn('zone', ['*', zone])
    .where('starts_on', '>', todayIso)
    .where('starts_on', '<=', horizon)
    .orderBy('starts_on')
    .select('name', 'starts_on', 'ends_on');
  const periods: Period[] = holidays.map((h) => ({
    label: `les ${String(h.name).replace(/^Vacances/i, 'vacances')}`,
    start: h.starts_on,
    end: h.ends_on,
    holidays: true,
  }));
  const nextMonth = (first: string) => `${addDays(first, 32).slice(0, 8)}01`;
  for (let month = nextMonth(`${todayIso.slice(0, 7)}-01`); month <= horizon; month = nextMonth(month)) {
    const end = addDays(nextMonth(month), -1);
    periods.push({
      label: `${monthName(Number(month.slice(5, 7))).toLowerCase()} ${month.slice(0, 4)}`,
      start: month,
      end,
      holidays: false,
    });
  }
  return periods;
}

/**
 * The first day of a period the service runs: its weekday, the right kind of day (holiday or
 * school period), not a public holiday, not closed. Null when it does not run then.
 */
function firstDayRun(
  service: ServiceRow,
  period: Period,
  holidayDays: (date: string) => boolean,
  publicHolidays: ReadonlySet<string>,
  closed: (serviceId: number, structureId: number, date: string) => boolean,
): string | null {
  const weekdays = new Set(service.weekdays.split(',').map(Number));
  for (let date = period.start; date <= period.end; date = addDays(date, 1)) {
    if (!weekdays.has(isoWeekday(date)) || publicHolidays.has(date) || closed(service.id, service.structure_id, date)) continue;
    const inHolidays = holidayDays(date);
    if (period.holidays !== inHolidays) continue;
    if (inHolidays ? bool(service.runs_holidays) : bool(service.runs_school_days) || bool(service.runs_wednesdays)) return date;
  }
  return null;
}

function reminderEmail(input: {
  to: string;
  greeting: string;
  commune: string;
  service: string;
  period: string;
  deadline: string;
  firstDay: string;
  children: string[];
  url: string;
}): OutgoingEmail {
  const [day, time] = input.deadline.split('T') as [string, string];
  const until = `${formatLongFrenchDate(day).toLowerCase()} à ${time.replace(':', ' h ')}`;
  return {
    to: input.to,
    subject: `${input.commune} — ${input.service} : réservations pour ${input.period} jusqu’au ${until}`.slice(0, 200),
    text: [
      `${input.greeting},`,
      `Les réservations « ${input.service} » pour ${input.period} (${input.children.join(', ')}) sont ouvertes jusqu’au ${until} pour la première journée, le ${formatLongFrenchDate(input.firstDay).toLowerCase()} ; chaque journée suivante se réserve dans le même délai avant elle.`,
      `Pour réserver : ${input.url}/mes-enfants`,
      'Vous recevez ce rappel parce que vous l’avez demandé sur le Portail Famille (« Mes enfants », « Rappels par courriel ») ; décochez la case pour ne plus le recevoir.',
      input.commune,
    ].join('\n\n'),
  };
}

/**
 * The opt-in reminders due now: for each service and coming period whose first day's booking
 * deadline is at most REMINDER_DAYS_AHEAD days away, one e-mail to each family that asked for
 * reminders, accepts e-mails (« Autorisation courriel ») and has a child enrolled then. Each is
 * recorded under a unique key in the same transaction as its e-mail: run twice at once, or
 * again an hour later, the job sends it once. Returns how many e-mails were queued.
 */
export async function queueDeadlineReminders(db: Knex, clock: Clock, fallbackUrl: string): Promise<number> {
  const now = localNow(clock);
  const todayIso = now.slice(0, 10);
  const periods = await comingPeriods(db, todayIso);
  if (!periods.length) return 0;
  // ISO dates compare as strings: the latest end is the last of them sorted.
  const last = periods.map((p) => p.end).sort()[periods.length - 1]!;
  const services: ServiceRow[] = await db('services')
    .where({ active: true })
    .select('id', 'name', 'structure_id', 'weekdays', 'runs_school_days', 'runs_wednesdays', 'runs_holidays');
  const rules = new Map((await db('booking_rules').select('*')).map((r) => [Number(r.service_id), r]));
  const zone = (await db('commune_settings').where({ id: 1 }).first('school_zone'))?.school_zone ?? 'B';
  const holidays = await db('holidays').whereIn('zone', ['*', zone]).where('ends_on', '>=', todayIso).select('starts_on', 'ends_on');
  const holidayDays = (date: string) => holidays.some((h) => date >= h.starts_on && date <= h.ends_on);
  const publicHolidays = new Set([
    ...computedPublicHolidaysBetween(addDays(todayIso, -10), last),
    ...(await db('public_holidays').whereBetween('date', [todayIso, last]).pluck('date')),
  ]);
  const closures = await db('closures').where('ends_on', '>=', todayIso).select('structure_id', 'service_id', 'starts_on', 'ends_on');
  const closed = (serviceId: number, structureId: number, date: string) =>
    closures.some((c) => closureCovers(closureScope(c), serviceId, structureId, date));
  const horizon = `${addDays(todayIso, REMINDER_DAYS_AHEAD)}${now.slice(10)}`;
  const due: Array<{ service: ServiceRow; period: Period; firstDay: string; deadline: string }> = [];
  for (const service of services)
    for (const period of periods) {
      const firstDay = firstDayRun(service, period, holidayDays, publicHolidays, closed);
      if (!firstDay) continue;
      const deadline = deadlineFor(firstDay, deadlineRule(rules.get(service.id), 'reservation'), publicHolidays);
      if (deadline >= now && deadline <= horizon) due.push({ service, period, firstDay, deadline });
    }
  if (!due.length) return 0;
  const commune = (await db('commune_settings').where({ id: 1 }).first('name'))?.name ?? 'Mairie';
  const url = await portalBaseUrl(db, fallbackUrl);
  let queued = 0;
  for (const { service, period, firstDay, deadline } of due) {
    const enrolled = await db('enrolments as e')
      .join('children as c', 'c.id', 'e.child_id')
      .join('families as f', 'f.id', 'c.family_id')
      .join('booking_reminder_families as r', 'r.family_id', 'f.id')
      .join('family_adults as a', function responsable() {
        this.on('a.family_id', '=', 'f.id').andOnVal('a.role', '=', 'responsable');
      })
      .where({ 'e.service_id': service.id, 'a.email_allowed': true })
      .where('e.starts_on', '<=', firstDay)
      .where('e.ends_on', '>=', firstDay)
      .whereNull('c.archived_at')
      .whereNotNull('a.email')
      .whereNot('a.email', '')
      .orderBy(['f.id', 'c.birth_date'])
      .select('f.id as family_id', 'c.first_name', 'a.email', 'a.civility', 'a.first_name as adult_first', 'a.last_name as adult_last');
    const families = new Map<number, { email: string; greeting: string; children: string[] }>();
    for (const row of enrolled) {
      const family = families.get(Number(row.family_id)) ?? {
        email: String(row.email),
        greeting: `Bonjour ${[row.civility, row.adult_first, row.adult_last].filter(Boolean).join(' ')}`.trim(),
        children: [],
      };
      if (!family.children.includes(row.first_name)) family.children.push(row.first_name);
      families.set(Number(row.family_id), family);
    }
    const ids = [...families.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      queued += await db.transaction(async (trx) => {
        // Only the process whose rows land sends their e-mails: the unique key decides, not a read before.
        const inserted: Array<{ family_id: number }> = await trx('booking_reminders_sent')
          .insert(
            ids.slice(i, i + 500).map((familyId) => ({
              family_id: familyId,
              service_id: service.id,
              period_start: period.start,
              deadline,
              sent_at: clock.now().toISOString(),
            })),
          )
          .onConflict(['family_id', 'service_id', 'period_start'])
          .ignore()
          .returning('family_id');
        const emails = inserted.map(({ family_id }) => {
          const family = families.get(Number(family_id))!;
          return reminderEmail({
            to: family.email,
            greeting: family.greeting,
            commune,
            service: service.name,
            period: period.label,
            deadline,
            firstDay,
            children: family.children,
            url,
          });
        });
        await queueEmails(trx, emails, clock.now().toISOString());
        return emails.length;
      });
    }
  }
  return queued;
}
