import { z } from './zod-fr';
import { entityId, isoDate, yearMonth } from './common';

export const ATTENDANCE_VALUES = ['present', 'absent_excused', 'absent_billed'] as const;
export type AttendanceValue = (typeof ATTENDANCE_VALUES)[number];

export const attendanceSheetInput = z.object({ serviceId: entityId, date: isoDate });

export const attendanceMarkInput = attendanceSheetInput.extend({
  marks: z.array(z.object({ childId: entityId, attendance: z.enum(ATTENDANCE_VALUES).nullable() })).max(500),
});

export interface ServiceOption {
  id: number;
  label: string;
}

export interface AttendanceRow {
  childId: number;
  childName: string;
  familyName: string;
  grade: string;
  state: string;
  attendance: AttendanceValue | null;
  /** Allergies or a PAI: what the team must know at the table. */
  healthNote: string;
  /** A medical certificate the family sent for this day's absence. */
  certificateId: number | null;
}

export interface AttendanceSheet {
  serviceName: string;
  date: string;
  rows: AttendanceRow[];
}

export const capacityMonthInput = z.object({
  serviceId: entityId,
  month: yearMonth,
});

export interface CapacityDay {
  date: string;
  booked: number;
  capacity: number | null;
  waiting: number;
  offered: number;
}

export interface CertificateFile {
  filename: string;
  mimeType: string;
  base64: string;
}

/** A child who turns up without a booking: found by name, then added to the day's roll as « hors contrat ». */
export const rollCallChildSearchInput = z.object({ search: z.string().trim().min(2, { error: 'Deux lettres au moins.' }).max(60) });

export interface RollCallChildOption {
  childId: number;
  label: string;
}

export const rollCallAddInput = attendanceSheetInput.extend({ childId: entityId });
