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
import { type QuotientBand, tallyByAgeBand, tallyByCommune, tallyByMonth, tallyByQuotientBand } from './tally-queries';
import { foldForSearch } from '../../domain/search-text';
import { staffOperation, type StaffCtx } from '../operation';

const EVERY_WEEKDAY = [1, 2, 3, 4, 5, 6, 7];

/** The age bands the commune and the CAF count by (the CAF's « moins de 6 ans / 6 ans et plus » is their sum). */
const AGE_BANDS = ['Moins de 3 ans', '3 à 5 ans', '6 à 11 ans', '12 ans et plus'] as const;

const lastDayOf = (month: string) => addDays(`${shiftMonth(month, 1)}-01`, -1);
const hoursOf = (minutes: number | null) => (minutes == null ? null : Math.round(minutes / 6) / 10);
const NO_COMMUNE = 'Commune non renseignée';

interface ServiceRef {
  id: number;
  name: string;
  capacity: number | null;
  minutesPerDay: number | null;
}

/** Each service's tariff bands of quotient by school year (« 2026-2027 »): the bands its invoices were priced by. */
async function tariffBands(db: Knex): Promise<Map<string, QuotientBand[]>> {
  const rows: DbRow[] = await db('tariffs as t')
    .join('school_years as y', 'y.id', 't.school_year_id')
    .where('t.is_default', false)
    .where((q) => q.whereNotNull('t.qf_min').orWhereNotNull('t.qf_max'))
    .select('t.service_id', 'y.label', 't.qf_min', 't.qf_max');
  const bands = new Map<string, QuotientBand[]>();
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

/** The commune as the statistics name it: the responsable's, in capitals, trimmed. */
const communeName = (city: string | null) => (city ?? '').trim().toLocaleUpperCase('fr-FR') || NO_COMMUNE;

/**
 * « Statistiques »: days and hours of presence per service and month, by age band, by the
 * service's tariff band of quotient familial and by the commune of residence; occupancy against
 * capacity; invoiced and collected amounts per régie and service. Attendance is read from the
 * tallies the planning's triggers keep (a row per month, service, child and age band), grouped
 * in SQL figure by figure; the rest is naming and ordering a few hundred rows.
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
  const serviceName = (serviceId: number) => serviceOf.get(serviceId)?.name ?? '';
  const serviceRank = new Map(services.map((s, i) => [s.id, i]));
  const byServiceRank = (a: { serviceId: number }, b: { serviceId: number }) =>
    (serviceRank.get(a.serviceId) ?? 0) - (serviceRank.get(b.serviceId) ?? 0);
  const figures = (serviceId: number, children: number, days: number) => ({
    children,
    days,
    hours: hoursOf(minutesFor(serviceOf.get(serviceId), days)),
  });
  const period = { fromMonth: input.from, toMonth: input.to, serviceIds: services.map((s) => s.id) };
  const bands = await tariffBands(db);
  // Four grouped reads of the tallies, one after the other: the operation's transaction is one
  // connection, and the PostgreSQL driver must not be given a query while it runs another.
  const months = await tallyByMonth(db, period);
  const ages = await tallyByAgeBand(db, period);
  const quotients = await tallyByQuotientBand(db, period, (serviceId, year) => bands.get(`${serviceId}|${year}`) ?? []);
  const communes = await tallyByCommune(db, period);
  const attendance: AttendanceByMonth[] = months
    .filter((m) => m.present > 0)
    .map((m) => ({
      serviceId: m.serviceId,
      service: serviceName(m.serviceId),
      month: m.month,
      ...figures(m.serviceId, m.children, m.present),
    }))
    .sort((a, b) => byServiceRank(a, b) || a.month.localeCompare(b.month));
  const byAge: AttendanceByBand[] = ages
    .sort((a, b) => byServiceRank(a, b) || a.band - b.band)
    .map((a) => ({
      serviceId: a.serviceId,
      service: serviceName(a.serviceId),
      band: AGE_BANDS[a.band] ?? '',
      ...figures(a.serviceId, a.children, a.present),
    }));
  const byQuotient: AttendanceByBand[] = quotients
    // The unknown last.
    .sort((a, b) => byServiceRank(a, b) || (a.min ?? Number.MAX_SAFE_INTEGER) - (b.min ?? Number.MAX_SAFE_INTEGER))
    .map((q) => ({
      serviceId: q.serviceId,
      service: serviceName(q.serviceId),
      band: quotientBand(q.min, q.max),
      ...figures(q.serviceId, q.children, q.present),
    }));

  // « Saint-Étienne » and « SAINT ETIENNE » are one commune: keyed without accents, case or
  // hyphens, and named by the spelling most of its days were written with.
  const byCommune = new Map<string, { spellings: Map<string, number>; days: number; minutes: number | null }>();
  for (const row of communes) {
    const spelling = communeName(row.city);
    const key = foldForSearch(spelling.replace(/[-'’]/g, ' '));
    const entry = byCommune.get(key) ?? { spellings: new Map(), days: 0, minutes: 0 };
    entry.spellings.set(spelling, (entry.spellings.get(spelling) ?? 0) + row.present);
    entry.days += row.present;
    const minutes = minutesFor(serviceOf.get(row.serviceId), row.present);
    entry.minutes = entry.minutes == null || minutes == null ? null : entry.minutes + minutes;
    byCommune.set(key, entry);
  }
  const mostWritten = (spellings: Map<string, number>) =>
    [...spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr'))[0]?.[0] ?? NO_COMMUNE;
  const communeRows = [...byCommune.values()]
    .map((c) => ({ commune: mostWritten(c.spellings), days: c.days, hours: hoursOf(c.minutes) }))
    .sort((a, b) => b.days - a.days || a.commune.localeCompare(b.commune, 'fr'));

  const monthTally = new Map(months.map((m) => [`${m.serviceId}|${m.month}`, m]));
  return {
    from: input.from,
    to: input.to,
    attendance,
    byAge,
    byQuotient,
    byCommune: communeRows,
    occupancy: await occupancy(ctx, services, input.from, input.to, monthTally),
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
  byMonth: Map<string, { present: number; booked: number }>,
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
        present: tally?.present ?? 0,
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
