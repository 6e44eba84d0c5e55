import { z } from './zod-fr';

/** The back-office grids and tables that export what they show (statistics, capacity and the roll call included). */
export const EXPORT_GRIDS = [
  'families',
  'requests',
  'invoices',
  'payments',
  'unpaid',
  'messages',
  'audit',
  'statsAttendance',
  'statsAge',
  'statsQuotient',
  'statsCommune',
  'statsOccupancy',
  'statsRevenue',
  'capacity',
  'rollCall',
] as const;
export type ExportGrid = (typeof EXPORT_GRIDS)[number];

export const gridExportInput = z
  .object({
    grid: z.enum(EXPORT_GRIDS),
    /** The grid's current filter and sort, as it asks for its pages (page fields ignored). */
    filter: z.record(z.string(), z.unknown()).default({}),
    format: z.enum(['csv', 'xlsx']),
  })
  .strict();

export interface GridExportFile {
  fileName: string;
  mimeType: string;
  base64: string;
  rows: number;
}
