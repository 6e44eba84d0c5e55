// What a month's planning bills and at what price: pure rules shared by the invoice run, its
// preview and the tests that check amounts by hand.

/** How a planning day counts on an invoice, or null when it is not billed. */
export type BilledAs = 'present' | 'absent_billed' | 'unchecked';

/**
 * Billed: a day present, an absence billed (declared late, or marked so at roll call), and a
 * reserved day nobody marked at roll call (a reservation not cancelled in time is due).
 * Not billed: an excused absence, a closure, and a day still waiting for a decision.
 */
export function billedAs(day: { state: string; attendance: string | null }): BilledAs | null {
  if (day.attendance === 'present') return 'present';
  if (day.attendance === 'absent_billed') return 'absent_billed';
  if (day.attendance === 'absent_excused') return null;
  if (day.state === 'absent_billed') return 'absent_billed';
  if (day.state === 'reserved' || day.state === 'regular') return 'unchecked';
  return null;
}

/** The states and attendance marks `billedAs` may bill, for the SQL that preselects days. */
export const BILLABLE_ATTENDANCE = ['present', 'absent_billed'] as const;
export const BILLABLE_UNMARKED_STATES = ['absent_billed', 'reserved', 'regular'] as const;

export interface TariffBand {
  qfMin: number | null;
  qfMax: number | null;
  unitPriceCents: number;
  isDefault: boolean;
}

/**
 * The unit price for a quotient familial: the band that contains it; the default price when
 * the QF is unknown or falls in no band. Null when the service has no price at all.
 */
export function unitPriceFor(bands: TariffBand[], qf: number | null): number | null {
  const fallback = bands.find((b) => b.isDefault) ?? bands.find((b) => b.qfMin === null && b.qfMax === null);
  if (qf !== null) {
    const band = bands.find(
      (b) =>
        !b.isDefault &&
        (b.qfMin !== null || b.qfMax !== null) &&
        (b.qfMin === null || qf >= b.qfMin) &&
        (b.qfMax === null || qf <= b.qfMax),
    );
    if (band) return band.unitPriceCents;
  }
  return fallback ? fallback.unitPriceCents : null;
}

/** Bands must not overlap: a QF may not have two prices. Returns a French message or null. */
export function overlappingBands(bands: TariffBand[]): string | null {
  return bandProblem(bands)?.message ?? null;
}

/** What is wrong with a set of QF bands, and the field at fault (« bands.1.qfMin »), if anything. */
export interface BandProblem {
  message: string;
  field: string;
}

/**
 * QF bands must give every quotient exactly one price: from 0 with no gap and no overlap
 * (quotients are whole numbers: 0–700 then 701–1200), the last one open above. A family whose
 * QF fell in a gap would be billed the default price without anyone noticing.
 */
export function bandProblem(bands: TariffBand[]): BandProblem | null {
  const ranged = bands
    .map((b, index) => ({ index, lo: b.qfMin ?? 0, hi: b.qfMax ?? Number.POSITIVE_INFINITY, isDefault: b.isDefault }))
    .filter((b) => !b.isDefault)
    .sort((a, b) => a.lo - b.lo);
  const field = (index: number, bound: 'qfMin' | 'qfMax') => `bands.${index}.${bound}`;
  for (const [i, band] of ranged.entries()) {
    if (band.lo > band.hi) return { message: 'Une tranche a un QF minimum supérieur à son QF maximum.', field: field(band.index, 'qfMax') };
    if (i === 0 && band.lo > 0)
      return {
        message: `Les QF de 0 à ${band.lo - 1} n’ont pas de tarif : la première tranche doit commencer à 0.`,
        field: field(band.index, 'qfMin'),
      };
    const previous = ranged[i - 1];
    if (!previous) continue;
    if (band.lo <= previous.hi) return { message: 'Deux tranches de quotient familial se chevauchent.', field: field(band.index, 'qfMin') };
    if (band.lo > previous.hi + 1)
      return {
        message: `Les QF de ${previous.hi + 1} à ${band.lo - 1} n’ont pas de tarif : la tranche doit commencer à ${previous.hi + 1}.`,
        field: field(band.index, 'qfMin'),
      };
  }
  const last = ranged[ranged.length - 1];
  if (last && last.hi !== Number.POSITIVE_INFINITY)
    return {
      message: `Les QF au-delà de ${last.hi} n’ont pas de tarif : laissez vide le QF maximum de la dernière tranche.`,
      field: field(last.index, 'qfMax'),
    };
  return null;
}

export type DueRule = 'end_of_month' | 'end_of_next_month' | `days:${number}`;

function lastDayOfMonth(year: number, month1: number): string {
  const d = new Date(Date.UTC(year, month1, 0));
  return d.toISOString().slice(0, 10);
}

/** « Date Echéance » from the invoice date and the commune's rule. */
export function dueDate(issuedOn: string, rule: string): string {
  const year = Number(issuedOn.slice(0, 4));
  const month = Number(issuedOn.slice(5, 7));
  if (rule === 'end_of_month') return lastDayOfMonth(year, month);
  const days = /^days:(\d{1,3})$/.exec(rule);
  if (days) {
    const d = new Date(`${issuedOn}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + Number(days[1]));
    return d.toISOString().slice(0, 10);
  }
  return month === 12 ? lastDayOfMonth(year + 1, 1) : lastDayOfMonth(year, month + 1);
}

export const DUE_RULE_LABELS: Record<string, string> = {
  end_of_month: 'Fin du mois de la facture',
  end_of_next_month: 'Fin du mois suivant la facture',
  'days:15': '15 jours après la facture',
  'days:30': '30 jours après la facture',
};

export interface BilledCounts {
  present: number;
  absent_billed: number;
  unchecked: number;
}

/** « 12 présences, 1 absence facturée, 2 réservations non pointées » */
export function lineDetails(counts: BilledCounts): string {
  const parts: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
  if (counts.present) parts.push(plural(counts.present, 'présence', 'présences'));
  if (counts.absent_billed) parts.push(plural(counts.absent_billed, 'absence facturée', 'absences facturées'));
  if (counts.unchecked) parts.push(plural(counts.unchecked, 'réservation non pointée', 'réservations non pointées'));
  return parts.join(', ');
}

/** The first and last day of « YYYY-MM ». */
export function monthBounds(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: lastDayOfMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7))) };
}

/** The school year « 2026-2027 » a billed month belongs to (September to August). */
export function schoolYearLabelOf(month: string): string {
  const year = Number(month.slice(0, 4));
  const first = Number(month.slice(5, 7)) >= 9 ? year : year - 1;
  return `${first}-${first + 1}`;
}
