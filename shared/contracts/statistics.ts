import { z } from './zod-fr';
import { yearMonth } from './common';

/** At most a year at a time: what the commune and the CAF ask for, and what one request may read. */
export const STATISTICS_MAX_MONTHS = 12;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

export const statisticsInput = z
  .object({ from: yearMonth, to: yearMonth })
  .strict()
  .refine((p) => p.from <= p.to, { error: 'Le mois de fin doit suivre le mois de début.', path: ['to'] })
  .refine((p) => monthIndex(p.to) - monthIndex(p.from) < STATISTICS_MAX_MONTHS, {
    error: `${STATISTICS_MAX_MONTHS} mois au plus à la fois.`,
    path: ['to'],
  });

/** Days of presence and their hours (days × the service's length of a day; null when it is not said). */
export interface PresenceFigures {
  days: number;
  hours: number | null;
}

export interface AttendanceByMonth extends PresenceFigures {
  serviceId: number;
  service: string;
  month: string;
  /** Children present at least once that month. */
  children: number;
}

export interface AttendanceByBand extends PresenceFigures {
  serviceId: number;
  service: string;
  band: string;
  /** Children present at least once in the period in this band (a child's age band may change during it). */
  children: number;
}

export interface AttendanceByCommune extends PresenceFigures {
  commune: string;
}

export interface OccupancyRow {
  serviceId: number;
  service: string;
  month: string;
  /** Days the service ran (its weekdays and periods, without public holidays and closures). */
  openDays: number;
  capacity: number | null;
  /** Capacity × days open; null without a capacity. */
  placesOffered: number | null;
  /** Days booked (reserved, regular, or marked absent after booking). */
  booked: number;
  present: number;
  /** Booked / offered, in percent with one decimal; null without a capacity. */
  ratePercent: number | null;
}

export interface RevenueRow {
  regie: string;
  service: string;
  /** Invoiced for the months of the period, credit notes deducted; cents. */
  invoicedCents: number;
  creditedCents: number;
  netCents: number;
}

export interface CollectedRow {
  regie: string;
  /** Payments received in the period, cancellations deducted; cents. */
  collectedCents: number;
}

export interface StaffStatistics {
  from: string;
  to: string;
  attendance: AttendanceByMonth[];
  byAge: AttendanceByBand[];
  byQuotient: AttendanceByBand[];
  byCommune: AttendanceByCommune[];
  occupancy: OccupancyRow[];
  revenue: RevenueRow[];
  collected: CollectedRow[];
}
