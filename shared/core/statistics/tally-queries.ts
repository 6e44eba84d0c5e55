import type { Knex } from 'knex';
import type { DbRow } from '../../db/db-row';
import { schoolYearLabelOf } from '../../domain/billing-rules';
import { shiftMonth } from '../../domain/french-dates';
import { responsableOf } from '../families/responsable-join';

// The statistics read `attendance_tallies` (kept by triggers on the planning: migration 34), a
// row per month, service, child and age band with its days present and booked. Each figure is
// grouped in SQL, so a request reads a few hundred rows, not a row per child; a child counted
// « once in the period » is a count(distinct) there, which adding up months could not give.

/** A period of whole months and the services it covers. */
export interface TallyPeriod {
  fromMonth: string;
  toMonth: string;
  serviceIds: number[];
}

/** A tariff band of quotient familial, as billing reads it (a first band « up to 700 » starts at 0). */
export interface QuotientBand {
  min: number;
  max: number | null;
}

function periodTallies(db: Knex, period: TallyPeriod, alias = 't') {
  return db(`attendance_tallies as ${alias}`)
    .whereBetween(`${alias}.month`, [period.fromMonth, period.toMonth])
    .whereIn(`${alias}.service_id`, period.serviceIds);
}

/** Per service and month: days present, days booked, children present at least once. */
export async function tallyByMonth(db: Knex, period: TallyPeriod) {
  const rows: DbRow[] = await periodTallies(db, period)
    .groupBy('t.service_id', 't.month')
    .select(
      't.service_id',
      't.month',
      db.raw('sum(t.present) as present'),
      db.raw('sum(t.booked) as booked'),
      db.raw('count(distinct case when t.present > 0 then t.child_id end) as children'),
    );
  return rows.map((r) => ({
    serviceId: Number(r.service_id),
    month: String(r.month),
    present: Number(r.present),
    booked: Number(r.booked),
    children: Number(r.children),
  }));
}

/** Per service and age band (0 to 3), over the period: days present and the children behind them. */
export async function tallyByAgeBand(db: Knex, period: TallyPeriod) {
  const rows: DbRow[] = await periodTallies(db, period)
    .where('t.present', '>', 0)
    .groupBy('t.service_id', 't.band')
    .select('t.service_id', 't.band', db.raw('sum(t.present) as present'), db.raw('count(distinct t.child_id) as children'));
  return rows.map((r) => ({
    serviceId: Number(r.service_id),
    band: Number(r.band),
    present: Number(r.present),
    children: Number(r.children),
  }));
}

/** The family's quotient for a month, as billing takes it: the CAF's when valid during the month, else the tax notice's. */
const QUOTIENT_OF_MONTH = `case when caf.quotient_familial is not null
    and (caf.quotient_valid_from is null or caf.quotient_valid_from = '' or caf.quotient_valid_from <= t.month || '-31')
    and (caf.quotient_valid_to is null or caf.quotient_valid_to = '' or caf.quotient_valid_to >= t.month || '-01')
  then caf.quotient_familial else fis.quotient_familial end`;

/**
 * Per service and tariff band of the month's quotient (the band the month's invoice priced it
 * by; `min` null for a quotient unknown or outside the grid): days present and children.
 * The bands of each service and month of the period go to SQL as a small table of values.
 */
export async function tallyByQuotientBand(
  db: Knex,
  period: TallyPeriod,
  bandsOf: (serviceId: number, schoolYear: string) => QuotientBand[],
) {
  const bandRows: Array<[number, string, number, number | null]> = [];
  for (let month = period.fromMonth; month <= period.toMonth; month = shiftMonth(month, 1)) {
    for (const serviceId of period.serviceIds) {
      for (const band of bandsOf(serviceId, schoolYearLabelOf(month))) bandRows.push([serviceId, month, band.min, band.max]);
    }
  }
  // A row that matches nothing keeps the table of values valid when no service has bands.
  if (bandRows.length === 0) bandRows.push([0, '', 0, 0]);
  const values = bandRows.map(() => '(cast(? as integer), cast(? as varchar(7)), cast(? as integer), cast(? as integer))').join(', ');
  const perDay = periodTallies(db, period)
    .join('children as c', 'c.id', 't.child_id')
    .leftJoin('family_caf as caf', 'caf.family_id', 'c.family_id')
    .leftJoin('family_fiscal as fis', 'fis.family_id', 'c.family_id')
    .where('t.present', '>', 0)
    .select('t.service_id', 't.month', 't.child_id', 't.present', db.raw(`(${QUOTIENT_OF_MONTH}) as qf`));
  const { sql, bindings } = perDay.toSQL();
  const rows: DbRow[] = await db
    .raw(
      `with bands (service_id, month, qf_min, qf_max) as (values ${values})
       select q.service_id, b.qf_min, b.qf_max, sum(q.present) as present, count(distinct q.child_id) as children
         from (${sql}) q
         left join bands b on b.service_id = q.service_id and b.month = q.month
              and q.qf >= b.qf_min and (b.qf_max is null or q.qf <= b.qf_max)
        group by q.service_id, b.qf_min, b.qf_max`,
      [...bandRows.flat(), ...bindings],
    )
    .then((result: { rows?: DbRow[] } | DbRow[]) => (Array.isArray(result) ? result : (result.rows ?? [])));
  return rows.map((r) => ({
    serviceId: Number(r.service_id),
    min: r.qf_min == null ? null : Number(r.qf_min),
    max: r.qf_max == null ? null : Number(r.qf_max),
    present: Number(r.present),
    children: Number(r.children),
  }));
}

/** Per service and the responsable's commune as written (folded by the caller): days present. */
export async function tallyByCommune(db: Knex, period: TallyPeriod) {
  const rows: DbRow[] = await periodTallies(db, period)
    .join('children as c', 'c.id', 't.child_id')
    .leftJoin('family_adults as a', responsableOf('c.family_id'))
    .where('t.present', '>', 0)
    .groupBy('t.service_id', 'a.city')
    .orderBy('a.city')
    .select('t.service_id', 'a.city', db.raw('sum(t.present) as present'));
  return rows.map((r) => ({ serviceId: Number(r.service_id), city: r.city == null ? null : String(r.city), present: Number(r.present) }));
}
