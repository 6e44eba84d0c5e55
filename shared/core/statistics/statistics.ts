import type { Knex } from 'knex';
import type { z } from '../../contracts/zod-fr';
import {
  type AttendanceByBand,
  type AttendanceByMonth,
  type OccupancyRow,
  type StaffStatistics,
  statisticsInput,
} from '../../contracts/statistics';
import type { DbRow } from '../../db/db-row';
import { addDays, shiftMonth } from '../../domain/french-dates';
import { regularDays } from '../enrolments/service';
import { responsableOf } from '../families/responsable-join';
import { type QuotientRow, quotientOfPeriod } from '../billing/quotients';
import { schoolYearLabelOf } from '../../domain/billing-rules';
import { foldForSearch } from '../../domain/search-text';
import { staffOperation, type StaffCtx } from '../operation';

const EVERY_WEEKDAY = [1, 2, 3, 4, 5, 6, 7];
// The days that hold a place, as capacity counts them: an absence frees its place for the waiting list.
const BOOKED_STATES = ['reserved', 'regular'];

/** The age bands the commune and the CAF count by (the CAF's « moins de 6 ans / 6 ans et plus » is their sum). */
const AGE_BANDS = ['Moins de 3 ans', '3 à 5 ans', '6 à 11 ans', '12 ans et plus'] as const;

/** Age in whole years on the day attended, from ISO strings: the same SQL on SQLite and PostgreSQL. */
const AGE_ON_DAY =
  '(cast(substr(p.date, 1, 4) as integer) - cast(substr(c.birth_date, 1, 4) as integer)' +
  ' - case when substr(p.date, 6, 5) < substr(c.birth_date, 6, 5) then 1 else 0 end)';
const AGE_BAND_INDEX = `case when ${AGE_ON_DAY} < 3 then 0 when ${AGE_ON_DAY} < 6 then 1 when ${AGE_ON_DAY} < 12 then 2 else 3 end`;

const lastDayOf = (month: string) => addDays(`${shiftMonth(month, 1)}-01`, -1);
const hoursOf = (minutes: number | null) => (minutes == null ? null : Math.round(minutes / 6) / 10);

interface ServiceRef {
  id: number;
  name: string;
  capacity: number | null;
  minutesPerDay: number | null;
}

/** A family as the statistics see it: its quotients (as billing reads them) and its responsable's commune. */
interface FamilyFacts extends QuotientRow {
  commune: string;
}

/** Every family's quotients and commune in one read: a city's families are a few tens of thousands of short rows. */
async function familyFacts(db: Knex): Promise<Map<number, FamilyFacts>> {
  const rows: DbRow[] = await db('families as f')
    .leftJoin('family_caf as caf', 'caf.family_id', 'f.id')
    .leftJoin('family_fiscal as fis', 'fis.family_id', 'f.id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .select(
      'f.id',
      'caf.quotient_familial as caf_qf',
      'caf.quotient_valid_from',
      'caf.quotient_valid_to',
      'fis.quotient_familial as fiscal_qf',
      'a.city',
    );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        caf_qf: r.caf_qf,
        quotient_valid_from: r.quotient_valid_from ?? null,
        quotient_valid_to: r.quotient_valid_to ?? null,
        fiscal_qf: r.fiscal_qf,
        commune:
          String(r.city ?? '')
            .trim()
            .toLocaleUpperCase('fr-FR') || 'Commune non renseignée',
      },
    ]),
  );
}

/** Each service's tariff bands of quotient by school year (« 2026-2027 »): the bands its invoices were priced by. */
async function tariffBands(db: Knex): Promise<Map<string, Array<{ min: number; max: number | null }>>> {
  const rows: DbRow[] = await db('tariffs as t')
    .join('school_years as y', 'y.id', 't.school_year_id')
    .where('t.is_default', false)
    .where((q) => q.whereNotNull('t.qf_min').orWhereNotNull('t.qf_max'))
    .select('t.service_id', 'y.label', 't.qf_min', 't.qf_max');
  const bands = new Map<string, Array<{ min: number; max: number | null }>>();
  for (const r of rows) {
    const key = `${r.service_id}|${r.label}`;
    const list = bands.get(key) ?? [];
    // A first band « up to 700 » starts at 0, as billing reads it.
    list.push({ min: r.qf_min == null ? 0 : Number(r.qf_min), max: r.qf_max == null ? null : Number(r.qf_max) });
    bands.set(key, list);
  }
  return bands;
}

/** Minutes of `days` days of a service, or null when its length of a day is not said. */
const minutesFor = (service: ServiceRef | undefined, days: number) =>
  service?.minutesPerDay == null ? null : service.minutesPerDay * days;

/** Days and the children behind them, added up row by row. */
class Tally {
  days = 0;
  booked = 0;
  children = new Set<number>();
  add(childId: number, present: number, booked: number) {
    this.days += present;
    this.booked += booked;
    if (present > 0) this.children.add(childId);
  }
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let tally = map.get(key);
  if (!tally) {
    tally = new Tally();
    map.set(key, tally);
  }
  return tally;
}

/**
 * « Statistiques »: days and hours of presence per service and month, by age band, by the
 * service's tariff band of quotient familial and by the commune of residence; occupancy against
 * capacity; invoiced and collected amounts per régie and service. The planning is read in one
 * grouped SQL scan of the period (a year at most) — a row per child, service, month and age band,
 * not per day — and the families' facts in one more; the rest is adding up those rows.
 */
export async function statistics(ctx: StaffCtx, input: z.output<typeof statisticsInput>): Promise<StaffStatistics> {
  const db = ctx.db;
  const from = `${input.from}-01`;
  const to = lastDayOf(input.to);
  const services: ServiceRef[] = (
    await db('services as s')
      .join('structures as st', 'st.id', 's.structure_id')
      .orderBy(['st.position', 's.position'])
      .select('s.id', 's.name', 's.capacity_per_day', 's.minutes_per_day')
  ).map((s) => ({
    id: Number(s.id),
    name: s.name,
    capacity: s.capacity_per_day == null ? null : Number(s.capacity_per_day),
    minutesPerDay: s.minutes_per_day == null ? null : Number(s.minutes_per_day),
  }));
  const serviceOf = new Map(services.map((s) => [s.id, s]));
  const bookedList = BOOKED_STATES.map((state) => `'${state}'`).join(', ');
  // By service and date, as the (service_id, date) index reads it; a row per child and month, not per day.
  const rows: DbRow[] = await db('planning_days as p')
    .join('children as c', 'c.id', 'p.child_id')
    .whereIn(
      'p.service_id',
      services.map((s) => s.id),
    )
    .whereBetween('p.date', [from, to])
    .where((q) => q.whereIn('p.state', BOOKED_STATES).orWhere('p.attendance', 'present'))
    .groupBy('p.service_id', db.raw('substr(p.date, 1, 7)'), 'p.child_id', 'c.family_id', db.raw(AGE_BAND_INDEX))
    .select(
      'p.service_id',
      db.raw('substr(p.date, 1, 7) as month'),
      'p.child_id',
      'c.family_id',
      db.raw(`${AGE_BAND_INDEX} as band`),
      db.raw("sum(case when p.attendance = 'present' then 1 else 0 end) as present"),
      db.raw(`sum(case when p.state in (${bookedList}) then 1 else 0 end) as booked`),
    );
  const families = await familyFacts(db);
  const bands = await tariffBands(db);

  const byMonth = new Map<string, Tally>();
  const byAge = new Map<string, Tally>();
  const byQuotient = new Map<string, Tally>();
  const byCommune = new Map<string, { name: string; perService: Map<number, Tally> }>();
  for (const r of rows) {
    const serviceId = Number(r.service_id);
    const month = String(r.month);
    const childId = Number(r.child_id);
    const present = Number(r.present);
    const booked = Number(r.booked);
    tallyOf(byMonth, `${serviceId}|${month}`).add(childId, present, booked);
    if (present === 0) continue;
    tallyOf(byAge, `${serviceId}|${Number(r.band)}`).add(childId, present, 0);
    const family = families.get(Number(r.family_id));
    // The band of the month's quotient, as the month's invoice priced it.
    const qf = family ? quotientOfPeriod(family, `${month}-01`, lastDayOf(month)) : null;
    const band =
      qf == null
        ? undefined
        : bands.get(`${serviceId}|${schoolYearLabelOf(month)}`)?.find((b) => qf >= b.min && (b.max == null || qf <= b.max));
    tallyOf(byQuotient, `${serviceId}|${band ? `${band.min}|${band.max ?? ''}` : ''}`).add(childId, present, 0);
    const commune = family?.commune ?? 'Commune non renseignée';
    // « Saint-Étienne » and « SAINT ETIENNE » are one commune: keyed without accents, case or hyphens.
    const key = foldForSearch(commune.replace(/[-'’]/g, ' '));
    let entry = byCommune.get(key);
    if (!entry) {
      entry = { name: commune, perService: new Map() };
      byCommune.set(key, entry);
    }
    tallyOf(entry.perService, serviceId).add(childId, present, 0);
  }

  const figures = (serviceId: number, tally: Tally) => {
    const service = serviceOf.get(serviceId);
    return { children: tally.children.size, days: tally.days, hours: hoursOf(minutesFor(service, tally.days)) };
  };
  const serviceRank = new Map(services.map((s, i) => [s.id, i]));
  const split = (key: string) => {
    const [serviceId, ...rest] = key.split('|');
    return { serviceId: Number(serviceId), rest };
  };
  const attendance: AttendanceByMonth[] = [...byMonth]
    .filter(([, tally]) => tally.days > 0)
    .map(([key, tally]) => {
      const { serviceId, rest } = split(key);
      return { serviceId, service: serviceOf.get(serviceId)?.name ?? '', month: rest[0]!, ...figures(serviceId, tally) };
    })
    .sort((a, b) => (serviceRank.get(a.serviceId) ?? 0) - (serviceRank.get(b.serviceId) ?? 0) || a.month.localeCompare(b.month));
  const ageRows: AttendanceByBand[] = [...byAge]
    .map(([key, tally]) => {
      const { serviceId, rest } = split(key);
      return {
        rank: Number(rest[0]),
        row: {
          serviceId,
          service: serviceOf.get(serviceId)?.name ?? '',
          band: AGE_BANDS[Number(rest[0])] ?? '',
          ...figures(serviceId, tally),
        },
      };
    })
    .sort((a, b) => (serviceRank.get(a.row.serviceId) ?? 0) - (serviceRank.get(b.row.serviceId) ?? 0) || a.rank - b.rank)
    .map((x) => x.row);
  const quotientRows: AttendanceByBand[] = [...byQuotient]
    .map(([key, tally]) => {
      const { serviceId, rest } = split(key);
      const min = rest[0] === '' ? null : Number(rest[0]);
      const max = rest[1] ? Number(rest[1]) : null;
      return {
        rank: min ?? Number.MAX_SAFE_INTEGER, // the unknown last
        row: { serviceId, service: serviceOf.get(serviceId)?.name ?? '', band: quotientBand(min, max), ...figures(serviceId, tally) },
      };
    })
    .sort((a, b) => (serviceRank.get(a.row.serviceId) ?? 0) - (serviceRank.get(b.row.serviceId) ?? 0) || a.rank - b.rank)
    .map((x) => x.row);
  const communeRows = [...byCommune.values()]
    .map(({ name: commune, perService }) => {
      let days = 0;
      let minutes: number | null = 0;
      for (const [serviceId, tally] of perService) {
        days += tally.days;
        const m = minutesFor(serviceOf.get(serviceId), tally.days);
        minutes = minutes == null || m == null ? null : minutes + m;
      }
      return { commune, days, hours: hoursOf(minutes) };
    })
    .sort((a, b) => b.days - a.days || a.commune.localeCompare(b.commune, 'fr'));

  return {
    from: input.from,
    to: input.to,
    attendance,
    byAge: ageRows,
    byQuotient: quotientRows,
    byCommune: communeRows,
    occupancy: await occupancy(ctx, services, input.from, input.to, byMonth),
    ...(await revenue(db, input.from, input.to, from, to)),
  };
}

/** « 0 à 700 », « 1 201 et plus », or unknown: the grid's own band. */
function quotientBand(min: unknown, max: unknown): string {
  if (min == null) return 'QF non connu ou hors grille';
  const n = (v: unknown) => Number(v).toLocaleString('fr-FR');
  return max == null ? `QF ${n(min)} et plus` : `QF ${n(min)} à ${n(max)}`;
}

/** Per service and month: days open, places offered, days booked and present (from the planning's tallies). */
async function occupancy(
  ctx: StaffCtx,
  services: ServiceRef[],
  fromMonth: string,
  toMonth: string,
  byMonth: Map<string, Tally>,
): Promise<OccupancyRow[]> {
  const from = `${fromMonth}-01`;
  const to = lastDayOf(toMonth);
  const rows: OccupancyRow[] = [];
  for (const service of services) {
    // The days the service ran: every weekday it runs, in its periods, without public holidays and closures.
    const open = await regularDays(ctx.db, service.id, EVERY_WEEKDAY, from, to);
    for (let month = fromMonth; month <= toMonth; month = shiftMonth(month, 1)) {
      const openDays = open.filter((d) => d.startsWith(month)).length;
      const tally = byMonth.get(`${service.id}|${month}`);
      const booked = tally?.booked ?? 0;
      if (openDays === 0 && booked === 0) continue;
      const placesOffered = service.capacity == null ? null : service.capacity * openDays;
      rows.push({
        serviceId: service.id,
        service: service.name,
        month,
        openDays,
        capacity: service.capacity,
        placesOffered,
        booked,
        present: tally?.days ?? 0,
        ratePercent: placesOffered ? Math.round((booked * 1000) / placesOffered) / 10 : null,
      });
    }
  }
  return rows;
}

/** Invoiced per régie and service for the months of the period (credit notes deducted), and collected per régie. */
async function revenue(db: Knex, fromMonth: string, toMonth: string, from: string, to: string) {
  const lines: DbRow[] = await db('invoice_lines as l')
    .join('invoices as i', 'i.id', 'l.invoice_id')
    .join('regies as r', 'r.id', 'i.regie_id')
    .leftJoin('services as s', 's.id', 'l.service_id')
    .leftJoin('structures as st', 'st.id', 's.structure_id')
    .whereBetween('i.period_month', [fromMonth, toMonth])
    // By régie and service ids: two structures may each have their « Cantine ».
    .groupBy('r.id', 'r.name', 's.id', 's.name', 's.position', 'st.name', 'st.position')
    .orderBy([{ column: 'r.name' }, { column: 'st.position' }, { column: 's.position' }])
    .select(
      'r.name as regie',
      's.name as service',
      'st.name as structure',
      db.raw("coalesce(sum(case when i.kind = 'credit_note' then 0 else l.amount_cents end), 0) as invoiced"),
      db.raw("coalesce(sum(case when i.kind = 'credit_note' then l.amount_cents else 0 end), 0) as credited"),
    );
  const payments: DbRow[] = await db('payments as p')
    .join('regies as r', 'r.id', 'p.regie_id')
    .whereBetween('p.paid_on', [from, to])
    .where('p.status', 'confirmed')
    // A titre hands the debt to the Trésor public: nothing was collected by the régie.
    .whereNot('p.type', 'titre')
    .groupBy('r.id', 'r.name')
    .orderBy('r.name')
    .select('r.name as regie', db.raw('coalesce(sum(p.amount_cents), 0) as collected'));
  return {
    revenue: lines.map((l) => ({
      regie: l.regie,
      service: l.service == null ? 'Autres lignes' : `${l.structure} — ${l.service}`,
      invoicedCents: Number(l.invoiced),
      creditedCents: Number(l.credited),
      netCents: Number(l.invoiced) + Number(l.credited),
    })),
    collected: payments.map((p) => ({ regie: p.regie, collectedCents: Number(p.collected) })),
  };
}

/** This folder's operation, merged into the staff handler table. */
export const statisticsOperations = {
  'statistics.get': staffOperation({ input: statisticsInput, access: 'agent', run: statistics }),
};
