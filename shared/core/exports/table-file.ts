import ExcelJS from 'exceljs';
import { isoDateInTimeZone } from '../../domain/french-dates';

/** How a column's values are typed in the file, so that a spreadsheet sorts and sums them. */
export type ColumnKind = 'text' | 'date' | 'amount' | 'number';

export interface ExportColumn<R> {
  header: string;
  kind: ColumnKind;
  value: (row: R) => string | number | null;
}

/**
 * A cell a spreadsheet would run as a formula (« =HYPERLINK(…) » typed in a name): quoted, so
 * that an export opened in Excel or LibreOffice never executes what a family or an agent typed.
 */
/** A date column's day: an instant (« 2026-03-14T23:30:00Z ») is the commune's day it fell on, not UTC's. */
const dayOf = (value: string | number) => {
  const text = String(value);
  return text.length > 10 && text.includes('T') ? isoDateInTimeZone(new Date(text)) : text.slice(0, 10);
};

const neutralised = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function csvCell(kind: ColumnKind, value: string | number | null): string {
  if (value === null || value === '') return '';
  let text: string;
  if (kind === 'amount') text = (Number(value) / 100).toFixed(2).replace('.', ',');
  else if (kind === 'number') text = String(value).replace('.', ',');
  else if (kind === 'date') text = dayOf(value).split('-').reverse().join('/');
  else text = neutralised(String(value));
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV as French spreadsheets open it: UTF-8 with a BOM, semicolons, decimal commas, dd/mm/yyyy, CRLF. */
export function toCsv<R>(columns: ReadonlyArray<ExportColumn<R>>, rows: Iterable<R>): Buffer {
  const lines = [columns.map((c) => csvCell('text', c.header)).join(';')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.kind, c.value(row))).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** An .xlsx workbook (exceljs): dates as dates, amounts as numbers in euros, the header row frozen. */
export async function toXlsx<R>(sheetName: string, columns: ReadonlyArray<ExportColumn<R>>, rows: Iterable<R>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Portail Famille';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: Math.max(12, c.header.length + 2),
    style: c.kind === 'amount' ? { numFmt: '#,##0.00 "€"' } : c.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows)
    sheet.addRow(
      columns.map((c) => {
        const value = c.value(row);
        if (value === null || value === '') return null;
        if (c.kind === 'amount') return Number(value) / 100;
        if (c.kind === 'number') return Number(value);
        // A calendar date at midnight UTC: the same day whatever the time zone of the PC that opens it.
        if (c.kind === 'date') return new Date(`${dayOf(value)}T00:00:00Z`);
        return String(value);
      }),
    );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
