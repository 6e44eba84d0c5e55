import type { DbRow } from '../../db/db-row';
import type { Knex } from 'knex';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import type { z } from '../../contracts/zod-fr';
import {
  INVOICES_PER_PRINT,
  type InvoiceDetail,
  type InvoiceRow,
  type InvoiceRunPreview,
  type InvoicesPage,
  type InvoicesPdf,
  type invoicePdfInput,
  type invoiceRunInput,
  type invoicesListInput,
} from '../../contracts/billing';
import { invoicesPdf } from './invoice-pdf';
import { pdfFileName } from '../pdf/pdf-maker';
import { familyBalanceCents } from '../home/service';
import { paymentTypeLabel } from '../../domain/labels';
import { foldForSearch } from '../../domain/search-text';
import { draftInvoiceRun } from './invoice-run';
import { responsableOf } from '../families/responsable-join';

/** The preview of a run, as the agent sees it before issuing. */
export async function previewInvoiceRun(ctx: StaffCtx, input: z.infer<typeof invoiceRunInput>): Promise<InvoiceRunPreview> {
  const draft = await draftInvoiceRun(ctx.db, input, today(ctx.clock));
  const regies = new Map((await ctx.db('regies').select('id', 'invoice_prefix', 'name')).map((r) => [Number(r.id), r]));
  const sample = draft.invoices.slice(0, 20);
  const names = await familyNames(
    ctx.db,
    sample.map((i) => i.familyId),
  );
  const byRegie = new Map<number, { regie: string; invoices: number; totalCents: number }>();
  for (const inv of draft.invoices) {
    const entry = byRegie.get(inv.regieId) ?? {
      regie: `${regies.get(inv.regieId)?.name} (${regies.get(inv.regieId)?.invoice_prefix})`,
      invoices: 0,
      totalCents: 0,
    };
    entry.invoices += 1;
    entry.totalCents += inv.totalCents;
    byRegie.set(inv.regieId, entry);
  }
  return {
    month: draft.month,
    billedUpTo: draft.billedUpTo,
    issuedOn: draft.issuedOn,
    dueOn: draft.dueOn,
    problems: draft.problems,
    uncheckedDays: draft.uncheckedDays,
    invoiceCount: draft.invoices.length,
    totalCents: draft.invoices.reduce((s, i) => s + i.totalCents, 0),
    sample: sample.map((inv) => ({
      familyNumber: names.get(inv.familyId)?.number ?? '',
      familyName: names.get(inv.familyId)?.name ?? '',
      regie: regies.get(inv.regieId)?.invoice_prefix ?? '',
      totalCents: inv.totalCents,
      lines: inv.lines.map(({ label, details, quantity, unitPriceCents, amountCents }) => ({
        label,
        details,
        quantity,
        unitPriceCents,
        amountCents,
      })),
    })),
    byRegie: [...byRegie.values()],
  };
}

async function familyNames(db: Knex, ids: number[]): Promise<Map<number, { number: string; name: string }>> {
  if (!ids.length) return new Map();
  const rows = await db('families as f')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .whereIn('f.id', ids)
    .select('f.id', 'f.family_number', 'a.last_name', 'a.first_name');
  return new Map(rows.map((r) => [Number(r.id), { number: r.family_number, name: [r.last_name, r.first_name].filter(Boolean).join(' ') }]));
}

const SORT_COLUMNS = {
  number: 'i.number',
  issuedOn: 'i.issued_on',
  dueOn: 'i.due_on',
  total: 'i.total_cents',
  family: 'f.family_number',
} as const;

function invoiceQuery(db: Knex) {
  return db('invoices as i')
    .join('families as f', 'f.id', 'i.family_id')
    .join('regies as r', 'r.id', 'i.regie_id')
    .leftJoin('family_adults as a', responsableOf('f.id'));
}

const paidSubquery = (db: Knex) => db('payment_allocations as pa').whereRaw('pa.invoice_id = i.id').sum('pa.amount_cents');

function toRow(r: DbRow): InvoiceRow {
  const paid = Number(r.paid_cents ?? 0);
  return {
    id: Number(r.id),
    number: r.number,
    kind: r.kind,
    status: r.status,
    familyId: Number(r.family_id),
    familyNumber: r.family_number,
    familyName: [r.last_name, r.first_name].filter(Boolean).join(' '),
    regie: r.regie_name,
    periodMonth: r.period_month,
    issuedOn: r.issued_on,
    dueOn: r.due_on,
    totalCents: Number(r.total_cents),
    paidCents: paid,
    remainingCents: r.kind === 'invoice' && r.status === 'issued' ? Number(r.total_cents) - paid : 0,
  };
}

const ROW_COLUMNS = [
  'i.id',
  'i.number',
  'i.kind',
  'i.status',
  'i.family_id',
  'f.family_number',
  'a.last_name',
  'a.first_name',
  'r.name as regie_name',
  'i.period_month',
  'i.issued_on',
  'i.due_on',
  'i.total_cents',
];

/** The invoices grid: filtered, sorted and paged on the server. */
export async function listInvoices(ctx: StaffCtx, input: z.infer<typeof invoicesListInput>): Promise<InvoicesPage> {
  const db = ctx.db;
  const base = invoiceQuery(db);
  if (input.month) base.where('i.period_month', input.month);
  if (input.regieId) base.where('i.regie_id', input.regieId);
  if (input.familyId) base.where('i.family_id', input.familyId);
  if (input.search) {
    const folded = foldForSearch(input.search).replace(/[\\%_]/g, (c) => `\\${c}`);
    base.where((w) => w.where('i.number', input.search.toUpperCase()).orWhereRaw("f.search_text like ? escape '\\'", [`%${folded}%`]));
  }
  if (input.status === 'cancelled') base.where('i.status', 'cancelled');
  if (input.status === 'credit_note') base.where('i.kind', 'credit_note');
  if (input.status === 'unpaid' || input.status === 'paid') {
    base.where({ 'i.kind': 'invoice', 'i.status': 'issued' });
    const comparison = input.status === 'unpaid' ? '>' : '<=';
    base.whereRaw(`i.total_cents ${comparison} coalesce((${paidSubquery(db).toQuery()}), 0)`);
  }
  const total = Number((await base.clone().count<{ n: number }[]>({ n: '*' }).first())?.n ?? 0);
  const rows = await base
    .clone()
    .select(...ROW_COLUMNS, paidSubquery(db).as('paid_cents'))
    .orderBy([
      { column: SORT_COLUMNS[input.sort], order: input.direction },
      { column: 'i.id', order: input.direction },
    ])
    .offset(input.page * input.pageSize)
    .limit(input.pageSize);
  return { total, rows: rows.map(toRow) };
}

/** One invoice with its lines, what paid it, its avoir and its online payment attempts. */
export async function invoiceDetail(ctx: StaffCtx, id: number): Promise<InvoiceDetail> {
  const db = ctx.db;
  const row = await invoiceQuery(db)
    .where('i.id', id)
    .first(...ROW_COLUMNS, paidSubquery(db).as('paid_cents'), 'i.cancel_reason', 'i.cancels_invoice_id');
  if (!row) throw new OperationError('not_found', 'Facture introuvable.');
  const lines = await db('invoice_lines')
    .where({ invoice_id: id })
    .orderBy('id')
    .select('label', 'details', 'quantity', 'unit_price_cents', 'amount_cents');
  const allocations = await db('payment_allocations as pa')
    .join('payments as p', 'p.id', 'pa.payment_id')
    .where('pa.invoice_id', id)
    .orderBy('p.paid_on')
    .select('p.id', 'p.paid_on', 'p.type', 'p.ormc_number', 'p.status', 'pa.amount_cents');
  const creditNote = await db('invoices').where({ cancels_invoice_id: id }).first('id', 'number');
  const cancels = row.cancels_invoice_id ? await db('invoices').where({ id: row.cancels_invoice_id }).first('id', 'number') : null;
  const payfip = await db('payfip_transactions')
    .where({ invoice_id: id })
    .orderBy('id', 'desc')
    .select('id', 'mode', 'status', 'amount_cents', 'created_at', 'numauto');
  return {
    ...toRow(row),
    lines: lines.map((l) => ({
      label: l.label,
      details: l.details,
      quantity: Number(l.quantity),
      unitPriceCents: Number(l.unit_price_cents),
      amountCents: Number(l.amount_cents),
    })),
    allocations: allocations.map((a) => ({
      paymentId: a.id,
      paidOn: a.paid_on,
      typeLabel: paymentTypeLabel(a.type, a.ormc_number) + (a.status === 'to_confirm' ? ' — à confirmer' : ''),
      amountCents: Number(a.amount_cents),
    })),
    cancelReason: row.cancel_reason ?? null,
    creditNote: creditNote ? { id: creditNote.id, number: creditNote.number } : null,
    cancels: cancels ? { id: cancels.id, number: cancels.number } : null,
    payfip: payfip.map((p) => ({
      id: p.id,
      mode: p.mode,
      status: p.status,
      amountCents: Number(p.amount_cents),
      createdAt: p.created_at,
      numauto: p.numauto ?? null,
    })),
  };
}

/**
 * Printing from the back-office: chosen invoices, or a month (and régie) in parts of
 * INVOICES_PER_PRINT, in régie and number order.
 */
export async function staffInvoicesPdf(ctx: StaffCtx, input: z.infer<typeof invoicePdfInput>): Promise<InvoicesPdf> {
  let ids: number[];
  let name: string[];
  let part = 1;
  let parts = 1;
  let total: number;
  if ('invoiceIds' in input) {
    ids = input.invoiceIds;
    total = ids.length;
    const first = ids.length === 1 ? await ctx.db('invoices').where({ id: ids[0] }).first('number', 'kind') : null;
    name = first ? [first.kind === 'credit_note' ? 'avoir' : 'facture', first.number] : ['factures', String(ids.length)];
  } else {
    const month = () => {
      const query = ctx.db('invoices').where({ period_month: input.month });
      return input.regieId ? query.where({ regie_id: input.regieId }) : query;
    };
    total = Number((await month().count<{ n: number | string }[]>({ n: '*' }).first())?.n ?? 0);
    parts = Math.max(1, Math.ceil(total / INVOICES_PER_PRINT));
    part = input.part ?? 1;
    if (part > parts)
      throw new OperationError('validation', `Ce mois compte ${parts} partie(s) à imprimer : la partie ${part} n’existe pas.`);
    ids = (
      await month()
        .orderBy([{ column: 'regie_id' }, { column: 'sequence' }])
        .offset((part - 1) * INVOICES_PER_PRINT)
        .limit(INVOICES_PER_PRINT)
        .select('id')
    ).map((r) => Number(r.id));
    name = parts > 1 ? ['factures', input.month, 'partie', String(part), 'sur', String(parts)] : ['factures', input.month];
  }
  if (!ids.length) throw new OperationError('validation', 'Aucune facture à imprimer.');
  const { pdf, count } = await invoicesPdf(ctx.db, ids, ctx.portalBaseUrl);
  return { fileName: pdfFileName(...name), base64: pdf.toString('base64'), count, part, parts, total };
}

export async function listRegies(ctx: StaffCtx): Promise<Array<{ id: number; name: string; prefix: string }>> {
  const rows = await ctx.db('regies').orderBy('invoice_prefix').select('id', 'name', 'invoice_prefix');
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.invoice_prefix }));
}

export async function familyBalance(ctx: StaffCtx, familyId: number): Promise<{ balanceCents: number; toConfirmCents: number }> {
  const balanceCents = await familyBalanceCents(ctx.db, familyId);
  const toConfirm = await ctx
    .db('payments')
    .where({ family_id: familyId, status: 'to_confirm' })
    .sum<{ s: number | string | null }[]>({ s: 'amount_cents' })
    .first();
  return { balanceCents, toConfirmCents: Number(toConfirm?.s ?? 0) };
}
