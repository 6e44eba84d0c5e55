import type { z } from '../../contracts/zod-fr';
import { attendanceSheetInput } from '../../contracts/attendance';
import { formatLongFrenchDate } from '../../domain/french-dates';
import { PLANNING_STATES, type PlanningState } from '../../domain/planning-legend';
import { staffOperation, type StaffCtx } from '../operation';
import { pdfFileName } from '../pdf/pdf-maker';
import { renderPdf } from '../pdf/pdf-workers';
import { attendanceSheet } from './service';

const MARKS = { present: 'Présent', absent_excused: 'Absent excusé', absent_billed: 'Absent facturé' } as const;
const ABSENT_STATES = new Set(['absent_excused', 'absent_billed']);

/**
 * The day's roll on paper, for the team at the door: service, day and agent in the header; each
 * child with class, family, health notes (PAI, allergies) and a box to tick; the count expected,
 * the absences declared and, for a meal service, the meals to order from the kitchen.
 */
export async function rollCallPdf(
  ctx: StaffCtx,
  input: z.output<typeof attendanceSheetInput>,
): Promise<{ fileName: string; base64: string }> {
  const sheet = await attendanceSheet(ctx, input);
  const service = await ctx.db('services').where({ id: input.serviceId }).first('unit');
  const commune = await ctx.db('commune_settings').where({ id: 1 }).first('name');
  const agent =
    ctx.actor.kind === 'staff'
      ? ((await ctx.db('staff_users').where({ id: ctx.actor.userId }).first('display_name'))?.display_name ?? '')
      : '';
  const absent = sheet.rows.filter((r) => ABSENT_STATES.has(r.state) || (r.attendance != null && r.attendance !== 'present')).length;
  const expected = sheet.rows.length - absent;
  const title = `Pointage — ${sheet.serviceName}`;
  const pdf = await renderPdf({
    info: { title, author: commune?.name ?? '' },
    pageSize: 'A4',
    pageMargins: [36, 36, 36, 48],
    content: [
      { text: commune?.name ?? '', style: 'commune' },
      { text: title, style: 'title' },
      { text: `${formatLongFrenchDate(sheet.date)} — agent : ${agent}`, margin: [0, 0, 0, 10] },
      sheet.rows.length
        ? {
            table: {
              headerRows: 1,
              widths: ['*', 'auto', '*', '*', 'auto', 60],
              body: [
                ['Enfant', 'Classe', 'Famille', 'Santé', 'Prévu', 'Présence'].map((text) => ({ text, bold: true })),
                ...sheet.rows.map((r) => [
                  r.childName,
                  r.grade,
                  r.familyName,
                  r.healthNote,
                  PLANNING_STATES[r.state as PlanningState]?.label ?? r.state,
                  // Left blank for the team to tick at the door.
                  r.attendance ? MARKS[r.attendance] : ABSENT_STATES.has(r.state) ? 'Absent' : '',
                ]),
              ],
            },
          }
        : { text: 'Aucun enfant attendu ce jour-là.' },
      {
        text: `Enfants inscrits ce jour : ${sheet.rows.length} — absences déclarées : ${absent} — attendus : ${expected}`,
        margin: [0, 10, 0, 0],
        bold: true,
      },
      ...(service?.unit === 'meal' ? [{ text: `Repas à commander à la cuisine : ${expected}`, bold: true }] : []),
    ],
    styles: { commune: { fontSize: 13, bold: true }, title: { fontSize: 14, bold: true, margin: [0, 6, 0, 2] } },
    pageFooter: title,
  });
  return { fileName: pdfFileName('pointage', sheet.serviceName, sheet.date), base64: pdf.toString('base64') };
}

/** This file's operation, merged into the staff handler table. */
export const rollPdfOperations = {
  'attendance.rollPdf': staffOperation({ input: attendanceSheetInput, access: 'agent', run: rollCallPdf }),
};
