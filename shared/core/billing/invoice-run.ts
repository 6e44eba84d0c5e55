import type { Knex } from 'knex';
import {
  BILLABLE_ATTENDANCE, BILLABLE_UNMARKED_STATES, billedAs, dueDate, lineDetails, monthBounds, schoolYearLabelOf, unitPriceFor,
  type BilledCounts, type TariffBand,
} from '../../domain/billing-rules';
import { audit } from '../audit/audit-log';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import { isPostgres } from '../../db/connection';
import type { InvoiceRunInput } from '../../contracts/billing';
import { familyQuotients } from './quotients';

export interface DraftLine {
  childId: number; serviceId: number; label: string; details: string;
  quantity: number; unitPriceCents: number; amountCents: number; dayIds: number[];
}
export interface DraftInvoice {
  familyId: number; regieId: number; lines: DraftLine[]; totalCents: number;
}
export interface InvoiceRunDraft {
  month: string; billedUpTo: string; issuedOn: string; dueOn: string;
  invoices: DraftInvoice[];
  /** What stops the run (a service without a price), in French. */
  problems: string[];
  /** Reserved days nobody marked at roll call: billed, but worth a look first. */
  uncheckedDays: number;
}

interface BillableDay {
  id: number; child_id: number; service_id: number; state: string; attendance: string | null;
  family_id: number; first_name: string; last_name: string; service_name: string; service_position: number; regie_id: number;
}

/**
 * What a run would bill: every billable planning day of the month that no invoice holds yet,
 * priced by the family's quotient familial, grouped into one invoice per family and régie and
 * one line per child, service and price. Read in a handful of set-based queries.
 */
export async function draftInvoiceRun(db: Knex, input: InvoiceRunInput, todayIso: string): Promise<InvoiceRunDraft> {
  const { from, to } = monthBounds(input.month);
  const issuedOn = input.issuedOn ?? todayIso;
  // A month still running is billed up to today: tomorrow's reservations may still be cancelled.
  const billedUpTo = to < todayIso ? to : todayIso;
  const settings = await db('commune_settings').where({ id: 1 }).first('invoice_due_rule');
  const dueOn = dueDate(issuedOn, settings?.invoice_due_rule ?? 'end_of_next_month');

  const query = db('planning_days as pd')
    .join('children as c', 'c.id', 'pd.child_id')
    .join('services as s', 's.id', 'pd.service_id')
    .join('structures as st', 'st.id', 's.structure_id')
    .whereBetween('pd.date', [from, billedUpTo])
    .whereNull('pd.invoice_id')
    .where((w) => w.whereIn('pd.attendance', [...BILLABLE_ATTENDANCE])
      .orWhere((u) => u.whereNull('pd.attendance').whereIn('pd.state', [...BILLABLE_UNMARKED_STATES])))
    .orderBy([{ column: 'c.family_id' }, { column: 'c.id' }, { column: 's.position' }, { column: 'pd.date' }])
    .select<BillableDay[]>('pd.id', 'pd.child_id', 'pd.service_id', 'pd.state', 'pd.attendance', 'c.family_id', 'c.first_name', 'c.last_name',
      's.name as service_name', 's.position as service_position', 'st.regie_id');
  if (input.structureIds?.length) query.whereIn('st.id', input.structureIds);
  if (input.familyIds?.length) query.whereIn('c.family_id', input.familyIds);
  const days = billedUpTo < from ? [] : await query;

  const year = await db('school_years').where({ label: schoolYearLabelOf(input.month) }).first('id', 'label');
  const tariffRows = year ? await db('tariffs').where({ school_year_id: year.id }).select('service_id', 'qf_min', 'qf_max', 'unit_price_cents', 'is_default') : [];
  const bandsByService = new Map<number, TariffBand[]>();
  for (const t of tariffRows) {
    const bands = bandsByService.get(t.service_id) ?? [];
    bands.push({ qfMin: t.qf_min ?? null, qfMax: t.qf_max ?? null, unitPriceCents: Number(t.unit_price_cents), isDefault: Boolean(t.is_default) });
    bandsByService.set(t.service_id, bands);
  }
  const quotients = await familyQuotients(db, [...new Set(days.map((d) => d.family_id))], from, to);

  const problems = new Set<string>();
  const invoices = new Map<string, DraftInvoice>();
  const lines = new Map<string, DraftLine & { counts: BilledCounts }>();
  let uncheckedDays = 0;
  for (const day of days) {
    const kind = billedAs(day);
    if (!kind) continue;
    const price = unitPriceFor(bandsByService.get(day.service_id) ?? [], quotients.get(day.family_id) ?? null);
    if (price === null) {
      problems.add(`Aucun tarif pour « ${day.service_name} » en ${year?.label ?? schoolYearLabelOf(input.month)} : saisissez-le avant de facturer.`);
      continue;
    }
    if (kind === 'unchecked') uncheckedDays += 1;
    const invoiceKey = `${day.family_id}:${day.regie_id}`;
    let invoice = invoices.get(invoiceKey);
    if (!invoice) {
      invoice = { familyId: day.family_id, regieId: day.regie_id, lines: [], totalCents: 0 };
      invoices.set(invoiceKey, invoice);
    }
    const lineKey = `${invoiceKey}:${day.child_id}:${day.service_id}:${price}`;
    let line = lines.get(lineKey);
    if (!line) {
      line = {
        childId: day.child_id, serviceId: day.service_id, label: `${day.service_name} — ${day.first_name} ${day.last_name}`,
        details: '', quantity: 0, unitPriceCents: price, amountCents: 0, dayIds: [], counts: { present: 0, absent_billed: 0, unchecked: 0 },
      };
      lines.set(lineKey, line);
      invoice.lines.push(line);
    }
    line.counts[kind] += 1;
    line.quantity += 1;
    line.amountCents += price;
    line.dayIds.push(day.id);
    invoice.totalCents += price;
  }
  for (const line of lines.values()) line.details = lineDetails(line.counts);
  return {
    month: input.month, billedUpTo, issuedOn, dueOn,
    invoices: [...invoices.values()].map((i) => ({ ...i, lines: i.lines.map((l) => { const { counts: _counts, ...line } = l as DraftLine & { counts: BilledCounts }; return line; }) })),
    problems: [...problems], uncheckedDays,
  };
}

/** Rows at a time in multi-row inserts: well under SQLite's bound-variable limit. */
const CHUNK = 400;
function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Takes the next numbers of a régie's gap-free sequence. The régie row is locked on
 * PostgreSQL (SQLite runs one write transaction at a time), so two runs never share a number
 * and a rolled-back run leaves no hole.
 */
export async function takeInvoiceNumbers(trx: Knex.Transaction, regieId: number, count: number): Promise<{ prefix: string; first: number }> {
  const select = trx('regies').where({ id: regieId });
  if (isPostgres(trx)) select.forUpdate();
  const regie = await select.first('invoice_prefix', 'last_invoice_number');
  if (!regie) throw new OperationError('not_found', 'Régie introuvable.');
  const first = Number(regie.last_invoice_number) + 1;
  await trx('regies').where({ id: regieId }).update({ last_invoice_number: first + count - 1 });
  return { prefix: regie.invoice_prefix, first };
}

export interface IssuedRun { invoices: number; totalCents: number; numbers: Array<{ regie: string; from: string; to: string }> }

/**
 * Issues the month's invoices in one transaction. The draft is computed again once the
 * régies are locked, so concurrent runs of the same month bill each day once; the days are
 * then marked with their invoice and a day another run took makes this run fail whole.
 */
export async function issueInvoiceRun(ctx: StaffCtx, input: InvoiceRunInput): Promise<IssuedRun> {
  const trx = ctx.db;
  const lockAll = trx('regies').orderBy('id').select('id');
  if (isPostgres(trx)) lockAll.forUpdate();
  await lockAll;
  const draft = await draftInvoiceRun(trx, input, today(ctx.clock));
  if (draft.problems.length) throw new OperationError('validation', draft.problems.join(' '));
  if (!draft.invoices.length) throw new OperationError('validation', 'Rien à facturer pour ce mois : tous les jours facturables le sont déjà.');
  const year = await trx('school_years').where({ label: schoolYearLabelOf(input.month) }).first('id');
  const at = ctx.clock.now().toISOString();
  const createdBy = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  const result: IssuedRun = { invoices: 0, totalCents: 0, numbers: [] };

  const byRegie = new Map<number, DraftInvoice[]>();
  for (const inv of draft.invoices) byRegie.set(inv.regieId, [...(byRegie.get(inv.regieId) ?? []), inv]);
  for (const [regieId, regieInvoices] of byRegie) {
    const { prefix, first } = await takeInvoiceNumbers(trx, regieId, regieInvoices.length);
    const rows = regieInvoices.map((inv, i) => ({
      regie_id: regieId, family_id: inv.familyId, sequence: first + i, number: `${prefix}-${first + i}`, kind: 'invoice',
      period_month: input.month, school_year_id: year?.id ?? null, issued_on: draft.issuedOn, due_on: draft.dueOn,
      total_cents: inv.totalCents, status: 'issued', created_by: createdBy, created_at: at,
    }));
    for (const part of chunks(rows)) await trx('invoices').insert(part);
    const ids = await trx('invoices').where({ regie_id: regieId }).whereBetween('sequence', [first, first + regieInvoices.length - 1]).select('id', 'sequence');
    const idBySequence = new Map(ids.map((r) => [Number(r.sequence), Number(r.id)]));
    const lineRows: Array<Record<string, unknown>> = [];
    const billed: Array<[number, number]> = []; // [planning day, invoice]
    for (const [i, inv] of regieInvoices.entries()) {
      const invoiceId = idBySequence.get(first + i)!;
      for (const line of inv.lines) {
        lineRows.push({ invoice_id: invoiceId, child_id: line.childId, service_id: line.serviceId, label: line.label, details: line.details, quantity: line.quantity, unit_price_cents: line.unitPriceCents, amount_cents: line.amountCents });
        for (const dayId of line.dayIds) billed.push([dayId, invoiceId]);
      }
      result.totalCents += inv.totalCents;
    }
    // The days are marked a few hundred at a time (one CASE per statement, not one UPDATE per
    // line); only days no invoice holds are taken, and any shortfall means another run got there first.
    let marked = 0;
    for (const part of chunks(billed, 300)) {
      marked += await trx('planning_days').whereIn('id', part.map(([day]) => day)).whereNull('invoice_id')
        .update({ invoice_id: trx.raw(`case id ${part.map(() => 'when ? then cast(? as integer)').join(' ')} end`, part.flat()) });
    }
    if (marked !== billed.length) throw new OperationError('conflict', 'Une autre facturation de ce mois vient de facturer certains de ces jours : relancez l’aperçu.');
    for (const part of chunks(lineRows)) await trx('invoice_lines').insert(part);
    result.invoices += regieInvoices.length;
    result.numbers.push({ regie: prefix, from: `${prefix}-${first}`, to: `${prefix}-${first + regieInvoices.length - 1}` });
  }
  await audit(ctx, { action: 'invoices.run', entity: 'invoice_run', entityId: input.month, details: { ...input, invoices: result.invoices, totalCents: result.totalCents, numbers: result.numbers } });
  return result;
}
