import type { Knex } from 'knex';
import { regularDays } from '../core/enrolments/service';
import { insertId } from '../db/insert-id';
import type { ShippedSchoolYear } from '../db/school-calendar-data';
import { addDays } from '../domain/french-dates';
import { dayNear } from './demo-calendar';
import type { DemoHouseholds } from './demo-households';
import { seededRandom } from './seeded-random';
import type { DemoReference } from './demo-reference';

interface PlanningRow {
  child_id: number;
  service_id: number;
  date: string;
  enrolment_id: number | null;
  state: string;
  attendance: string | null;
  absence_reason: string | null;
  late_cancellation: boolean;
  updated_at: string;
  updated_by: string;
}

/** An enrolment of the demo and the days its service runs for it (its weekdays, or every Wednesday). */
interface DemoEnrolment {
  childId: number;
  serviceId: number;
  enrolmentId: number;
  days: string[];
}

/** The days the demo's requests speak of: each one a day the planning shows accordingly. */
export interface DemoRequestDays {
  /** MARTIN ZOÉ's morning garderie, the subject of a pending absence. */
  zoeAbsence: string | null;
  /** HUGO's Wednesday he is not booked on, the subject of a pending reservation. */
  hugoReservation: string | null;
  /** LÉA's Wednesday booked, the subject of a pending absence. */
  leaAbsence: string | null;
  /** LÉA's Wednesday refused (the service was full), the subject of a refused reservation. */
  leaRefused: string | null;
  /** LÉA's canteen day excused, the subject of an accepted absence. */
  leaExcused: string | null;
  /** A Wednesday the Accueil de Loisirs runs, a week or more ahead: its show. */
  showDay: string | null;
}

/** Regular weekdays of the canteen for the commune's other children (Mon, Tue, Thu, Fri). */
const CANTEEN_PATTERNS = [
  [1, 2, 4, 5],
  [1, 2, 4, 5],
  [1, 2, 4],
  [1, 4, 5],
  [2, 4],
];
/** How far ahead families have booked their Wednesdays. */
const BOOKED_AHEAD_DAYS = 45;

/**
 * Enrolments for the whole school year, and the planning they make: every regular day to the
 * enrolment's end, Wednesdays booked one by one, attendance marked on every day before today;
 * around today, a day of each state of the manual's legend on LÉA's and HUGO's grids; and a
 * « Journée pédagogique » closing the périscolaire on a school day. Every day is one its service
 * runs: the days come from the same rule as an agent's enrolment (`regularDays`).
 */
export async function seedDemoPlanning(
  trx: Knex.Transaction,
  now: Date,
  todayIso: string,
  year: ShippedSchoolYear,
  ref: DemoReference,
  households: DemoHouseholds,
): Promise<DemoRequestDays> {
  const at = now.toISOString();
  const yearId = ref.yearIds[year.label];
  const service = (code: string) => ref.services[code]!;
  const past = (date: string) => date < todayIso;

  // The closure first: no regular day is put on it.
  const schoolDays = await regularDays(trx, service('RESTO'), [1, 2, 4, 5], year.startsOn, year.endsOn);
  const closureDay =
    dayNear(schoolDays, addDays(todayIso, 24), addDays(todayIso, 1), year.endsOn) ??
    dayNear(schoolDays, addDays(todayIso, 24), year.startsOn, year.endsOn);
  if (closureDay) {
    await trx('closures').insert({
      structure_id: ref.structures.periscolaire,
      service_id: null,
      starts_on: closureDay,
      ends_on: closureDay,
      reason: 'Journée pédagogique',
    });
  }

  const rows = new Map<string, PlanningRow>();
  const key = (childId: number, serviceId: number, date: string) => `${childId}|${serviceId}|${date}`;
  const put = (
    e: { childId: number; serviceId: number; enrolmentId: number },
    date: string,
    state: string,
    attendance: string | null,
    reason: string | null = null,
  ) => {
    rows.set(key(e.childId, e.serviceId, date), {
      child_id: e.childId,
      service_id: e.serviceId,
      date,
      enrolment_id: e.enrolmentId,
      state,
      attendance,
      absence_reason: reason,
      late_cancellation: false,
      updated_at: at,
      updated_by: 'demo',
    });
  };
  const booked = (e: DemoEnrolment, date: string) => rows.get(key(e.childId, e.serviceId, date))?.state === 'reserved';

  // A dozen services × weekday sets for two hundred enrolments: each calendar is worked out once.
  const calendars = new Map<string, Promise<string[]>>();
  const yearDays = (serviceId: number, runsOn: number[]) => {
    const calendarKey = `${serviceId}|${runsOn.join(',')}`;
    if (!calendars.has(calendarKey)) calendars.set(calendarKey, regularDays(trx, serviceId, runsOn, year.startsOn, year.endsOn));
    return calendars.get(calendarKey)!;
  };
  const enrol = async (childId: number, code: string, weekdays: number[], runsOn: number[]): Promise<DemoEnrolment> => {
    const serviceId = service(code);
    const enrolmentId = await insertId(trx, 'enrolments', {
      child_id: childId,
      service_id: serviceId,
      school_year_id: yearId,
      starts_on: year.startsOn,
      ends_on: year.endsOn,
      regular_weekdays: weekdays.join(','),
      status: 'active',
      created_at: at,
    });
    return { childId, serviceId, enrolmentId, days: await yearDays(serviceId, runsOn) };
  };

  const random = seededRandom(2015);
  /** Regular days to the enrolment's end; before today, marked at roll call (a few absences). */
  const regular = async (childId: number, code: string, weekdays: number[]) => {
    const e = await enrol(childId, code, weekdays, weekdays);
    for (const date of e.days) {
      if (!past(date)) {
        put(e, date, 'regular', null);
        continue;
      }
      const roll = random();
      if (roll < 0.05) put(e, date, 'absent_excused', 'absent_excused', 'Maladie (certificat fourni)');
      else if (roll < 0.07) put(e, date, 'absent_billed', 'absent_billed');
      else put(e, date, 'regular', 'present');
    }
    return e;
  };
  /** Wednesdays booked one by one, up to a few weeks ahead; the lived ones marked present. */
  const wednesdays = async (
    childId: number,
    code: string,
    books: (index: number) => boolean,
    until = addDays(todayIso, BOOKED_AHEAD_DAYS),
  ) => {
    const e = await enrol(childId, code, [], [3]);
    for (const [index, date] of e.days.entries()) {
      if (date > until || !books(index)) continue;
      put(e, date, 'reserved', past(date) ? 'present' : null);
    }
    return e;
  };

  const { dupont, martin, others } = households;
  const leaCanteen = await regular(dupont.lea, 'RESTO', [1, 2, 4, 5]);
  const hugoCanteen = await regular(dupont.hugo, 'RESTO', [1, 2, 4, 5]);
  const leaMorning = await regular(dupont.lea, 'GARD_MATIN', [1, 4]);
  await regular(martin.tom, 'RESTO', [1, 2, 4, 5]);
  await regular(martin.zoe, 'RESTO', [1, 2, 4, 5]);
  const zoeMorning = await regular(martin.zoe, 'GARD_MATIN', [1, 2, 4, 5]);
  // HUGO goes every Wednesday, booked a week ahead; LÉA every other Wednesday afternoon.
  const hugoWednesdays = await wednesdays(dupont.hugo, 'ALSH_MER_J', () => true, addDays(todayIso, 7));
  const leaWednesdays = await wednesdays(dupont.lea, 'ALSH_MER_PM', (index) => index % 2 === 0);
  await wednesdays(martin.tom, 'ALSH_MER_J', () => random() < 0.6);

  // The commune's other children: the canteen, some the morning garderie, some Wednesdays.
  const rand = seededRandom(18110);
  for (const [index, family] of others.entries()) {
    for (const childId of family.childIds) {
      await regular(childId, 'RESTO', CANTEEN_PATTERNS[Math.floor(rand() * CANTEEN_PATTERNS.length)]!);
      if (rand() < 0.25) await regular(childId, 'GARD_MATIN', [1, 2, 4, 5]);
    }
    if (index % 3 === 0) await wednesdays(family.childIds[0]!, 'ALSH_MER_PM', () => rand() < 0.5);
  }

  // Around today, every state of the manual's legend on LÉA's and HUGO's grids.
  // The last day lived within the school year (a demo built after it ends finds its days in it).
  // biome-ignore lint/complexity/useMathMinMax: ISO dates are strings, compared as such; Math.min would make NaN of them.
  const yesterday = addDays(todayIso, -1) < year.endsOn ? addDays(todayIso, -1) : year.endsOn;
  const tomorrow = addDays(todayIso, 1);
  const leaExtraMornings = await regularDays(trx, service('GARD_MATIN'), [2, 5], year.startsOn, yesterday);
  const outOfContract = dayNear(leaExtraMornings, addDays(todayIso, -6), year.startsOn, yesterday);
  if (outOfContract) put(leaMorning, outOfContract, 'out_of_contract', 'present'); // a morning without booking: billed
  const error =
    dayNear(hugoCanteen.days, addDays(todayIso, -3), year.startsOn, yesterday) ??
    dayNear(hugoCanteen.days, tomorrow, tomorrow, year.endsOn);
  if (error) put(hugoCanteen, error, 'error', null);
  const leave =
    dayNear(leaCanteen.days, addDays(todayIso, 10), tomorrow, year.endsOn) ??
    dayNear(leaCanteen.days, todayIso, year.startsOn, year.endsOn);
  if (leave) put(leaCanteen, leave, 'leave', null);
  const leaExcused = dayNear(
    leaCanteen.days.filter((d) => d !== leave),
    addDays(todayIso, -10),
    year.startsOn,
    yesterday,
  );
  if (leaExcused) put(leaCanteen, leaExcused, 'absent_excused', 'absent_excused', 'Rendez-vous médical');

  const leaFreeWednesdays = leaWednesdays.days.filter((d) => !booked(leaWednesdays, d));
  const leaRefused = dayNear(leaFreeWednesdays, addDays(todayIso, 16), addDays(todayIso, 2), year.endsOn);
  if (leaRefused) put(leaWednesdays, leaRefused, 'reservation_refused', null);
  const leaAbsence = leaWednesdays.days.find((d) => d > todayIso && booked(leaWednesdays, d)) ?? null;
  const hugoReservation = dayNear(hugoWednesdays.days, addDays(todayIso, 8), addDays(todayIso, 8), year.endsOn);
  const hugoPending = hugoReservation
    ? dayNear(hugoWednesdays.days, addDays(hugoReservation, 1), addDays(hugoReservation, 1), year.endsOn)
    : null;
  if (hugoPending) {
    // « Demande en attente »: that Wednesday was full when asked; HUGO waits on its list for a place.
    put(hugoWednesdays, hugoPending, 'pending_request', null);
    await trx('waiting_list').insert({
      child_id: dupont.hugo,
      service_id: hugoWednesdays.serviceId,
      date: hugoPending,
      state: 'waiting',
      created_at: at,
    });
  }
  const zoeAbsence = dayNear(zoeMorning.days, addDays(todayIso, 2), addDays(todayIso, 2), year.endsOn);

  // knex writes a SQLite multi-row insert as one compound SELECT, which SQLite caps at 500 terms.
  await trx.batchInsert('planning_days', [...rows.values()], 400);
  const showDay = dayNear(leaWednesdays.days, addDays(todayIso, 8), addDays(todayIso, 8), year.endsOn);
  return { zoeAbsence, hugoReservation, leaAbsence, leaRefused, leaExcused, showDay };
}
