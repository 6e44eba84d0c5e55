import type { ZodType } from 'zod';
import { familiesListInput } from '../../contracts/families';
import { invoicesListInput, paymentsJournalInput, unpaidListInput } from '../../contracts/billing';
import { threadsListInput } from '../../contracts/messages';
import { auditListInput } from '../../contracts/audit';
import { listAudit } from '../audit/audit-viewer';
import { requestsListInput } from '../../contracts/requests';
import type { z } from '../../contracts/zod-fr';
import { type ExportGrid, type GridExportFile, gridExportInput } from '../../contracts/exports';
import { paymentsJournal } from '../billing/payments-journal';
import { listInvoices } from '../billing/staff-invoices';
import { listUnpaid } from '../billing/unpaid';
import { OperationError } from '../errors';
import { listFamilies } from '../families/service';
import { listThreads } from '../messages/staff-messaging';
import { staffOperation, type StaffCtx } from '../operation';
import { pdfFileName } from '../pdf/pdf-maker';
import { today } from '../clock';
import { listRequests } from '../requests/queue';
import { type ExportColumn, toCsv, toXlsx } from './table-file';
import {
  type AttendanceByBand,
  type AttendanceByCommune,
  type AttendanceByMonth,
  type OccupancyRow,
  type RevenueRow,
  statisticsInput,
  type StaffStatistics,
} from '../../contracts/statistics';
import { statistics } from '../statistics/statistics';
import { type AttendanceRow, attendanceSheetInput, type CapacityDay, capacityMonthInput } from '../../contracts/attendance';
import { capacityMonth } from '../attendance/capacity';
import { attendanceSheet } from '../attendance/service';
import { PLANNING_STATES, type PlanningState } from '../../domain/planning-legend';

const ROLL_CALL_LABELS = { present: 'Présent', absent_excused: 'Absent excusé', absent_billed: 'Absent facturé' } as const;

/** An export reads its grid a page of this many rows at a time, up to the bound below. */
const EXPORT_PAGE = 500;
/** A whole city's families, with room: more than this is a question for the statistics. */
export const MAX_EXPORT_ROWS = 100_000;

interface GridExport<R> {
  title: string;
  /** The grid's own filter and sort (its page fields are the export's business). */
  filter: ZodType;
  page: (ctx: StaffCtx, filter: never, page: number, pageSize: number) => Promise<{ rows: R[]; total: number }>;
  columns: ReadonlyArray<ExportColumn<R>>;
}

/** « 14/03/2026 00:30 »: the moment as the commune lives it. */
const PARIS_MINUTE = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });

const gridExport = <R>(definition: GridExport<R>) => definition;
const withPage = <F extends object>(filter: F, page: number, pageSize: number) => ({ ...filter, page, pageSize });
const joined = (values: string[]) => values.join(', ');

/** A table computed whole (statistics, a month's capacity, a day's roll): one page holds it. */
const whole =
  <R>(rows: (ctx: StaffCtx, filter: never) => Promise<R[]>) =>
  async (ctx: StaffCtx, filter: never, page: number): Promise<{ rows: R[]; total: number }> => {
    if (page > 0) return { rows: [], total: 0 };
    const all = await rows(ctx, filter);
    return { rows: all, total: all.length };
  };
const statisticsTable =
  <K extends keyof StaffStatistics>(key: K) =>
  async (ctx: StaffCtx, filter: never) =>
    (await statistics(ctx, filter))[key];
const hoursColumn = <R extends { hours: number | null }>(): ExportColumn<R> => ({
  header: 'Heures',
  kind: 'number',
  value: (r) => r.hours,
});

/** Each grid of the back-office, the columns it shows, and how its rows are read. */
const GRIDS = {
  families: gridExport({
    title: 'Familles',
    filter: familiesListInput,
    page: (ctx, filter: object, page, size) => listFamilies(ctx.db, withPage(filter, page, size) as never),
    columns: [
      { header: 'N° Famille', kind: 'text', value: (r) => r.familyNumber },
      { header: 'Responsable', kind: 'text', value: (r) => r.responsableName },
      { header: 'Conjoint', kind: 'text', value: (r) => r.conjointName },
      { header: 'Commune', kind: 'text', value: (r) => r.city },
      { header: 'Téléphone', kind: 'text', value: (r) => r.phone },
      { header: 'Courriel', kind: 'text', value: (r) => r.email },
      { header: 'Enfants', kind: 'number', value: (r) => r.childrenCount },
      { header: 'Modifiée le', kind: 'date', value: (r) => r.updatedAt },
    ],
  }),
  requests: gridExport({
    title: 'Demandes',
    filter: requestsListInput,
    page: (ctx, filter: object, page, size) => listRequests(ctx, withPage(filter, page, size) as never),
    columns: [
      { header: 'Date demande', kind: 'date', value: (r) => r.createdAt },
      { header: 'Type', kind: 'text', value: (r) => r.categoryLabel },
      { header: 'N° Famille', kind: 'text', value: (r) => r.familyNumber },
      { header: 'Famille', kind: 'text', value: (r) => r.familyName },
      { header: 'Enfant', kind: 'text', value: (r) => r.childName },
      { header: 'État', kind: 'text', value: (r) => r.state },
    ],
  }),
  invoices: gridExport({
    title: 'Factures',
    filter: invoicesListInput,
    page: (ctx, filter: object, page, size) => listInvoices(ctx, withPage(filter, page, size) as never),
    columns: [
      { header: 'N° Facture', kind: 'text', value: (r) => r.number },
      {
        header: 'Nature',
        kind: 'text',
        value: (r) => (r.kind === 'credit_note' ? 'Avoir' : r.status === 'cancelled' ? 'Annulée' : 'Facture'),
      },
      { header: 'N° Famille', kind: 'text', value: (r) => r.familyNumber },
      { header: 'Famille', kind: 'text', value: (r) => r.familyName },
      { header: 'Régie', kind: 'text', value: (r) => r.regie },
      { header: 'Mois', kind: 'text', value: (r) => r.periodMonth },
      { header: 'Date facture', kind: 'date', value: (r) => r.issuedOn },
      { header: 'Date échéance', kind: 'date', value: (r) => r.dueOn },
      { header: 'Montant', kind: 'amount', value: (r) => r.totalCents },
      { header: 'Réglé', kind: 'amount', value: (r) => r.paidCents },
      { header: 'Reste à payer', kind: 'amount', value: (r) => r.remainingCents },
    ],
  }),
  payments: gridExport({
    title: 'Règlements',
    filter: paymentsJournalInput,
    page: (ctx, filter: object, page, size) => paymentsJournal(ctx, withPage(filter, page, size) as never),
    columns: [
      { header: 'Date', kind: 'date', value: (r) => r.paidOn },
      { header: 'N° Famille', kind: 'text', value: (r) => r.familyNumber },
      { header: 'Famille', kind: 'text', value: (r) => r.familyName },
      { header: 'Mode', kind: 'text', value: (r) => r.typeLabel },
      { header: 'Référence', kind: 'text', value: (r) => r.reference },
      { header: 'Montant', kind: 'amount', value: (r) => r.amountCents },
      { header: 'Régie', kind: 'text', value: (r) => r.regie },
      { header: 'Factures', kind: 'text', value: (r) => joined(r.invoices) },
      { header: 'Enregistré par', kind: 'text', value: (r) => r.recordedBy },
      { header: 'Motif d’annulation', kind: 'text', value: (r) => r.cancelReason },
    ],
  }),
  unpaid: gridExport({
    title: 'Impayés',
    filter: unpaidListInput,
    page: (ctx, filter: object, page, size) => listUnpaid(ctx, withPage(filter, page, size) as never),
    columns: [
      { header: 'N° Facture', kind: 'text', value: (r) => r.number },
      { header: 'N° Famille', kind: 'text', value: (r) => r.familyNumber },
      { header: 'Famille', kind: 'text', value: (r) => r.familyName },
      { header: 'Régie', kind: 'text', value: (r) => r.regie },
      { header: 'Date échéance', kind: 'date', value: (r) => r.dueOn },
      { header: 'Reste à payer', kind: 'amount', value: (r) => r.remainingCents },
      { header: 'Jours de retard', kind: 'number', value: (r) => r.daysOverdue },
      { header: 'Relance', kind: 'number', value: (r) => r.reminderLevel },
      { header: 'Dernière relance', kind: 'date', value: (r) => r.lastReminderOn },
    ],
  }),
  audit: gridExport({
    title: 'Journal',
    filter: auditListInput,
    page: (ctx, filter: object, page, size) => listAudit(ctx, withPage(filter, page, size) as never),
    columns: [
      { header: 'Date', kind: 'text', value: (r) => PARIS_MINUTE.format(new Date(r.at)) },
      { header: 'Par', kind: 'text', value: (r) => r.actorLabel },
      { header: 'Opération', kind: 'text', value: (r) => r.action },
      { header: 'Objet', kind: 'text', value: (r) => `${r.entity}${r.entityId ? ` ${r.entityId}` : ''}` },
      { header: 'N° Famille', kind: 'text', value: (r) => r.familyNumber },
      { header: 'Famille', kind: 'text', value: (r) => r.familyName },
      { header: 'Modifications', kind: 'text', value: (r) => r.changes.map((c) => `${c.field} : ${c.before} → ${c.after}`).join(' ; ') },
      { header: 'Détails', kind: 'text', value: (r) => r.details },
    ],
  }),
  messages: gridExport({
    title: 'Messages',
    filter: threadsListInput,
    page: (ctx, filter: object, page, size) => listThreads(ctx, withPage(filter, page, size) as never),
    columns: [
      { header: 'Dernier message', kind: 'date', value: (r) => r.lastAt },
      { header: 'N° Famille', kind: 'text', value: (r) => r.familyNumber },
      { header: 'Famille', kind: 'text', value: (r) => r.familyName },
      { header: 'Structure', kind: 'text', value: (r) => r.structure },
      { header: 'Objet', kind: 'text', value: (r) => r.subject },
      { header: 'Messages', kind: 'number', value: (r) => r.messages },
      { header: 'Non lus', kind: 'number', value: (r) => r.unread },
      { header: 'Traité', kind: 'text', value: (r) => (r.handled ? 'Oui' : 'Non') },
    ],
  }),
  statsAttendance: gridExport<AttendanceByMonth>({
    title: 'Présences par mois',
    filter: statisticsInput,
    page: whole(statisticsTable('attendance')),
    columns: [
      { header: 'Prestation', kind: 'text', value: (r) => r.service },
      { header: 'Mois', kind: 'text', value: (r) => r.month },
      { header: 'Enfants', kind: 'number', value: (r) => r.children },
      { header: 'Journées', kind: 'number', value: (r) => r.days },
      hoursColumn(),
    ],
  }),
  statsAge: gridExport<AttendanceByBand>({
    title: 'Présences par âge',
    filter: statisticsInput,
    page: whole(statisticsTable('byAge')),
    columns: [
      { header: 'Prestation', kind: 'text', value: (r) => r.service },
      { header: 'Tranche d’âge', kind: 'text', value: (r) => r.band },
      { header: 'Enfants', kind: 'number', value: (r) => r.children },
      { header: 'Journées', kind: 'number', value: (r) => r.days },
      hoursColumn(),
    ],
  }),
  statsQuotient: gridExport<AttendanceByBand>({
    title: 'Présences par QF',
    filter: statisticsInput,
    page: whole(statisticsTable('byQuotient')),
    columns: [
      { header: 'Prestation', kind: 'text', value: (r) => r.service },
      { header: 'Tranche de QF', kind: 'text', value: (r) => r.band },
      { header: 'Enfants', kind: 'number', value: (r) => r.children },
      { header: 'Journées', kind: 'number', value: (r) => r.days },
      hoursColumn(),
    ],
  }),
  statsCommune: gridExport<AttendanceByCommune>({
    title: 'Présences par commune',
    filter: statisticsInput,
    page: whole(statisticsTable('byCommune')),
    columns: [
      { header: 'Commune de résidence', kind: 'text', value: (r) => r.commune },
      { header: 'Journées', kind: 'number', value: (r) => r.days },
      hoursColumn(),
    ],
  }),
  statsOccupancy: gridExport<OccupancyRow>({
    title: 'Taux d’occupation',
    filter: statisticsInput,
    page: whole(statisticsTable('occupancy')),
    columns: [
      { header: 'Prestation', kind: 'text', value: (r) => r.service },
      { header: 'Mois', kind: 'text', value: (r) => r.month },
      { header: 'Jours d’ouverture', kind: 'number', value: (r) => r.openDays },
      { header: 'Capacité par jour', kind: 'number', value: (r) => r.capacity },
      { header: 'Places offertes', kind: 'number', value: (r) => r.placesOffered },
      { header: 'Journées réservées', kind: 'number', value: (r) => r.booked },
      { header: 'Journées de présence', kind: 'number', value: (r) => r.present },
      { header: 'Taux d’occupation (%)', kind: 'number', value: (r) => r.ratePercent },
    ],
  }),
  statsRevenue: gridExport<RevenueRow>({
    title: 'Recettes',
    filter: statisticsInput,
    page: whole(statisticsTable('revenue')),
    columns: [
      { header: 'Régie', kind: 'text', value: (r) => r.regie },
      { header: 'Prestation', kind: 'text', value: (r) => r.service },
      { header: 'Facturé', kind: 'amount', value: (r) => r.invoicedCents },
      { header: 'Avoirs', kind: 'amount', value: (r) => r.creditedCents },
      { header: 'Net', kind: 'amount', value: (r) => r.netCents },
    ],
  }),
  capacity: gridExport<CapacityDay>({
    title: 'Capacité',
    filter: capacityMonthInput,
    page: whole((ctx, filter) => capacityMonth(ctx, filter)),
    columns: [
      { header: 'Jour', kind: 'date', value: (r) => r.date },
      { header: 'Réservés', kind: 'number', value: (r) => r.booked },
      { header: 'Capacité', kind: 'number', value: (r) => r.capacity },
      { header: 'Liste d’attente', kind: 'number', value: (r) => r.waiting },
      { header: 'Places proposées', kind: 'number', value: (r) => r.offered },
    ],
  }),
  rollCall: gridExport<AttendanceRow>({
    title: 'Pointage',
    filter: attendanceSheetInput,
    page: whole(async (ctx, filter) => (await attendanceSheet(ctx, filter)).rows),
    columns: [
      { header: 'Enfant', kind: 'text', value: (r) => r.childName },
      { header: 'Classe', kind: 'text', value: (r) => r.grade },
      { header: 'Famille', kind: 'text', value: (r) => r.familyName },
      { header: 'Prévu', kind: 'text', value: (r) => PLANNING_STATES[r.state as PlanningState]?.label ?? r.state },
      { header: 'Pointage', kind: 'text', value: (r) => (r.attendance ? ROLL_CALL_LABELS[r.attendance] : '') },
      { header: 'Santé', kind: 'text', value: (r) => r.healthNote },
    ],
  }),
};

/**
 * Every row of a grid's current filter and sort — all its pages, not the one on screen — as CSV
 * or XLSX; refused beyond MAX_EXPORT_ROWS with a message, rather than a file cut short.
 */
export async function exportGrid(ctx: StaffCtx, input: z.output<typeof gridExportInput>): Promise<GridExportFile> {
  const grids: Record<ExportGrid, unknown> = GRIDS;
  const grid = grids[input.grid] as GridExport<unknown>;
  const { page: _page, pageSize: _size, ...asked } = input.filter;
  const parsed = grid.filter.safeParse(asked);
  if (!parsed.success)
    throw new OperationError('validation', `Le filtre de l’export n’est pas valide : ${parsed.error.issues[0]?.message ?? ''}`);
  const filter = parsed.data as object;
  const rows: unknown[] = [];
  for (let page = 0; ; page += 1) {
    const answer = await grid.page(ctx, filter as never, page, EXPORT_PAGE);
    if (page === 0 && answer.total > MAX_EXPORT_ROWS)
      throw new OperationError(
        'validation',
        `L’export compterait ${answer.total} lignes, plus que les ${MAX_EXPORT_ROWS} permises : filtrez davantage.`,
      );
    rows.push(...answer.rows);
    if (answer.rows.length < EXPORT_PAGE || rows.length >= answer.total) break;
  }
  const name = pdfFileName(grid.title, today(ctx.clock)).replace(/\.pdf$/, `.${input.format}`);
  const content = input.format === 'csv' ? toCsv(grid.columns, rows) : await toXlsx(grid.title, grid.columns, rows);
  return {
    fileName: name,
    mimeType: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: content.toString('base64'),
    rows: rows.length,
  };
}

/** This folder's operations, merged into the staff handler table. */
export const exportOperations = {
  'exports.grid': staffOperation({ input: gridExportInput, access: 'agent', run: exportGrid }),
};
