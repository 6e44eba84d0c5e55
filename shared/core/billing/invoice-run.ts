import type { Knex } from 'knex';
import {
  BILLABLE_ATTENDANCE,
  BILLABLE_UNMARKED_STATES,
  dueDate,
  lineDetails,
  monthBounds,
  schoolYearLabelOf,
  unitPriceFor,
  type BilledCounts,
  type TariffBand,
} from '../../domain/billing-rules';
import { audit } from '../audit/audit-log';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import { isPostgres } from '../../db/connection';
import type { InvoiceRunInput } from '../../contracts/billing';
import { invoiceHolding } from './billed-days';
import { familyQuotients } from './quotients';
import { type IssuedInvoice, queueInvoiceNotices } from './invoice-notices';

/**
 * Marks the month's billed days with their invoice in one `insert … select`, through a temporary
 * (child, service) → invoice table; a count that differs from the draft's means the planning
 * moved under the run (another run, a roll call): the whole run is refused.
 */
async function markBilledDays(
  trx: Knex.Transaction,
  input: InvoiceRunInput,
  draft: InvoiceRunDraft,
  targets: Array<{ child_id: number; service_id: number; invoice_id: number }>,
): Promise<void> {
  const { from } = monthBounds(input.month);
  await trx.raw(
    isPostgres(trx)
      ? 'create temporary table billing_targets (child_id integer not null, service_id integer not null, invoice_id integer not null, primary key (child_id, service_id)) on commit drop'
      : 'create temp table billing_targets (child_id integer not null, service_id integer not null, invoice_id integer not null, primary key (child_id, service_id))',
  );
  try {
    for (let i = 0; i < targets.length; i += 300) await trx('billing_targets').insert(targets.slice(i, i + 300));
    const days = unbilledDays(trx, 'planning_days', input, from, draft.billedUpTo)
      .join('billing_targets as t', (on) => on.on('t.child_id', 'planning_days.child_id').andOn('t.service_id', 'planning_days.service_id'))
      .select('planning_days.id', 't.invoice_id');
    const marked = await insertSelected(trx, 'planning_day_invoices (planning_day_id, invoice_id)', days);
    // Dropped after use, not only at commit: one transaction may bill several months (the demo does).
    // (After a failed statement PostgreSQL refuses any other until rollback, which drops it anyway.)
    if (isPostgres(trx)) await trx.raw('drop table pg_temp.billing_targets');
    if (marked !== draft.billedDays)
      throw new OperationError('conflict', 'Une autre facturation de ce mois vient de facturer certains de ces jours : relancez l’aperçu.');
  } finally {
    if (!isPostgres(trx)) await trx.raw('drop table if exists temp.billing_targets');
  }
}

/** `insert into <target> <select>`, returning how many rows went in (knex tells it on neither database). */
async function insertSelected(trx: Knex.Transaction, target: string, select: Knex.QueryBuilder): Promise<number> {
  const { sql, bindings } = select.toSQL();
  const result = await trx.raw(`insert into ${target} ${sql}`, bindings as Knex.RawBinding[]);
  if (isPostgres(trx)) return Number(result.rowCount);
  // SQLite: changes() reads the last statement of this connection, which the transaction holds.
  const [row] = await trx.raw('select changes() as n');
  return Number(row.n);
}

export interface DraftLine {
  childId: number;
  serviceId: number;
  label: string;
  details: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}
export interface DraftInvoice {
  familyId: number;
  regieId: number;
  lines: DraftLine[];
  totalCents: number;
}
export interface InvoiceRunDraft {
  month: string;
  billedUpTo: string;
  issuedOn: string;
  dueOn: string;
  invoices: DraftInvoice[];
  /** What stops the run (a service without a price), in French. */
  problems: string[];
  /** Reserved days nobody marked at roll call: billed, but worth a look first. */
  uncheckedDays: number;
  /** How many planning days the invoices stand for (the run marks exactly these). */
  billedDays: number;
}

/**
 * The month's days no invoice holds yet that `billedAs` bills (the same rule, in SQL), for
 * the run's filters. Shared by the counting query and the UPDATE that marks them billed.
 */
function unbilledDays(db: Knex, table: string, input: InvoiceRunInput, from: string, to: string) {
  const q = db(table)
    .whereNotExists(invoiceHolding(db, `${table}.id`))
    .whereBetween(`${table}.date`, [from, to])
    .where((w) =>
      w
        .whereIn(`${table}.attendance`, [...BILLABLE_ATTENDANCE])
        .orWhere((u) => u.whereNull(`${table}.attendance`).whereIn(`${table}.state`, [...BILLABLE_UNMARKED_STATES])),
    );
  if (input.structureIds?.length) q.whereIn(`${table}.service_id`, db('services').whereIn('structure_id', input.structureIds).select('id'));
  if (input.familyIds?.length) q.whereIn(`${table}.child_id`, db('children').whereIn('family_id', input.familyIds).select('id'));
  return q;
}

interface ChildServiceCounts {
  child_id: number;
  service_id: number;
  present: number | string;
  absent_billed: number | string;
  unchecked: number | string;
}

/**
 * What a run would bill: every billable planning day of the month that no invoice holds yet,
 * counted per child and service in SQL (a city's month is half a million days: they are never
 * loaded one by one), priced by the family's quotient familial, grouped into one invoice per
 * family and régie and one line per child and service.
 */
export async function draftInvoiceRun(db: Knex, input: InvoiceRunInput, todayIso: string): Promise<InvoiceRunDraft> {
  const { from, to } = monthBounds(input.month);
  const issuedOn = input.issuedOn ?? todayIso;
  // A month still running is billed up to today: tomorrow's reservations may still be cancelled.
  const billedUpTo = to < todayIso ? to : todayIso;
  const settings = await db('commune_settings').where({ id: 1 }).first('invoice_due_rule');
  const dueOn = dueDate(issuedOn, settings?.invoice_due_rule ?? 'end_of_next_month');

  // billedAs() in SQL: present; absent billed (at roll call, or cancelled late); reserved, unmarked.
  const counts: ChildServiceCounts[] =
    billedUpTo < from
      ? []
      : await unbilledDays(db, 'planning_days', input, from, billedUpTo)
          .groupBy('planning_days.child_id', 'planning_days.service_id')
          .select(
            'planning_days.child_id',
            'planning_days.service_id',
            db.raw("sum(case when attendance = 'present' then 1 else 0 end) as present"),
            db.raw(
              "sum(case when attendance = 'absent_billed' or (attendance is null and state = 'absent_billed') then 1 else 0 end) as absent_billed",
            ),
            db.raw("sum(case when attendance is null and state in ('reserved', 'regular') then 1 else 0 end) as unchecked"),
          );

  const services = new Map(
    (
      await db('services as s').join('structures as st', 'st.id', 's.structure_id').select('s.id', 's.name', 's.position', 'st.regie_id')
    ).map((s) => [Number(s.id), { name: s.name as string, position: Number(s.position), regieId: Number(s.regie_id) }]),
  );
  const childIds = [...new Set(counts.map((c) => Number(c.child_id)))];
  const children = new Map<number, { familyId: number; name: string }>();
  for (let i = 0; i < childIds.length; i += 500) {
    for (const c of await db('children')
      .whereIn('id', childIds.slice(i, i + 500))
      .select('id', 'family_id', 'first_name', 'last_name')) {
      children.set(Number(c.id), { familyId: Number(c.family_id), name: `${c.first_name} ${c.last_name}` });
    }
  }
  const year = await db('school_years')
    .where({ label: schoolYearLabelOf(input.month) })
    .first('id', 'label');
  const tariffRows = year
    ? await db('tariffs').where({ school_year_id: year.id }).select('service_id', 'qf_min', 'qf_max', 'unit_price_cents', 'is_default')
    : [];
  const bandsByService = new Map<number, TariffBand[]>();
  for (const t of tariffRows) {
    const bands = bandsByService.get(t.service_id) ?? [];
    bands.push({
      qfMin: t.qf_min ?? null,
      qfMax: t.qf_max ?? null,
      unitPriceCents: Number(t.unit_price_cents),
      isDefault: Boolean(t.is_default),
    });
    bandsByService.set(t.service_id, bands);
  }
  const quotients = await familyQuotients(db, [...new Set([...children.values()].map((c) => c.familyId))], from, to);

  const problems = new Set<string>();
  const invoices = new Map<string, DraftInvoice & { sortKey: string }>();
  let uncheckedDays = 0;
  let billedDays = 0;
  const sorted = counts
    .map((c) => ({ ...c, child: children.get(Number(c.child_id))!, service: services.get(Number(c.service_id))! }))
    .sort(
      (a, b) => a.child.familyId - b.child.familyId || Number(a.child_id) - Number(b.child_id) || a.service.position - b.service.position,
    );
  for (const row of sorted) {
    const billed: BilledCounts = {
      present: Number(row.present),
      absent_billed: Number(row.absent_billed),
      unchecked: Number(row.unchecked),
    };
    const quantity = billed.present + billed.absent_billed + billed.unchecked;
    if (!quantity) continue;
    const price = unitPriceFor(bandsByService.get(Number(row.service_id)) ?? [], quotients.get(row.child.familyId) ?? null);
    if (price === null) {
      problems.add(
        `Aucun tarif pour « ${row.service.name} » en ${year?.label ?? schoolYearLabelOf(input.month)} : saisissez-le avant de facturer.`,
      );
      continue;
    }
    uncheckedDays += billed.unchecked;
    billedDays += quantity;
    const key = `${row.child.familyId}:${row.service.regieId}`;
    let invoice = invoices.get(key);
    if (!invoice) {
      invoice = { familyId: row.child.familyId, regieId: row.service.regieId, lines: [], totalCents: 0, sortKey: key };
      invoices.set(key, invoice);
    }
    invoice.lines.push({
      childId: Number(row.child_id),
      serviceId: Number(row.service_id),
      label: `${row.service.name} — ${row.child.name}`,
      details: lineDetails(billed),
      quantity,
      unitPriceCents: price,
      amountCents: quantity * price,
    });
    invoice.totalCents += quantity * price;
  }
  return {
    month: input.month,
    billedUpTo,
    issuedOn,
    dueOn,
    invoices: [...invoices.values()].map(({ sortKey: _k, ...i }) => i),
    problems: [...problems],
    uncheckedDays,
    billedDays,
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
export async function takeInvoiceNumbers(
  trx: Knex.Transaction,
  regieId: number,
  count: number,
): Promise<{ prefix: string; first: number }> {
  const select = trx('regies').where({ id: regieId });
  if (isPostgres(trx)) select.forUpdate();
  const regie = await select.first('invoice_prefix', 'last_invoice_number');
  if (!regie) throw new OperationError('not_found', 'Régie introuvable.');
  const first = Number(regie.last_invoice_number) + 1;
  await trx('regies')
    .where({ id: regieId })
    .update({ last_invoice_number: first + count - 1 });
  return { prefix: regie.invoice_prefix, first };
}

export interface IssuedRun {
  invoices: number;
  totalCents: number;
  numbers: Array<{ regie: string; from: string; to: string }>;
  /** Families told by e-mail that their invoice is out. */
  emailed: number;
}

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
  if (!draft.invoices.length)
    throw new OperationError('validation', 'Rien à facturer pour ce mois : tous les jours facturables le sont déjà.');
  const year = await trx('school_years')
    .where({ label: schoolYearLabelOf(input.month) })
    .first('id');
  const at = ctx.clock.now().toISOString();
  const createdBy = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  const result: IssuedRun = { invoices: 0, totalCents: 0, numbers: [], emailed: 0 };
  const issued: IssuedInvoice[] = [];

  // Which invoice bills each child's service this month: the days are marked from it in one UPDATE.
  const targets: Array<{ child_id: number; service_id: number; invoice_id: number }> = [];
  const byRegie = new Map<number, DraftInvoice[]>();
  for (const inv of draft.invoices) {
    const list = byRegie.get(inv.regieId);
    if (list) list.push(inv);
    else byRegie.set(inv.regieId, [inv]);
  }
  for (const [regieId, regieInvoices] of byRegie) {
    const { prefix, first } = await takeInvoiceNumbers(trx, regieId, regieInvoices.length);
    const rows = regieInvoices.map((inv, i) => ({
      regie_id: regieId,
      family_id: inv.familyId,
      sequence: first + i,
      number: `${prefix}-${first + i}`,
      kind: 'invoice',
      period_month: input.month,
      school_year_id: year?.id ?? null,
      issued_on: draft.issuedOn,
      due_on: draft.dueOn,
      total_cents: inv.totalCents,
      status: 'issued',
      created_by: createdBy,
      created_at: at,
    }));
    for (const part of chunks(rows)) await trx('invoices').insert(part);
    const ids = await trx('invoices')
      .where({ regie_id: regieId })
      .whereBetween('sequence', [first, first + regieInvoices.length - 1])
      .select('id', 'sequence');
    const idBySequence = new Map(ids.map((r) => [Number(r.sequence), Number(r.id)]));
    const lineRows: Array<Record<string, unknown>> = [];
    for (const [i, inv] of regieInvoices.entries()) {
      const invoiceId = idBySequence.get(first + i)!;
      issued.push({ familyId: inv.familyId, regieId, number: `${prefix}-${first + i}`, totalCents: inv.totalCents });
      for (const line of inv.lines) {
        lineRows.push({
          invoice_id: invoiceId,
          child_id: line.childId,
          service_id: line.serviceId,
          label: line.label,
          details: line.details,
          quantity: line.quantity,
          unit_price_cents: line.unitPriceCents,
          amount_cents: line.amountCents,
        });
        targets.push({ child_id: line.childId, service_id: line.serviceId, invoice_id: invoiceId });
      }
      result.totalCents += inv.totalCents;
    }
    for (const part of chunks(lineRows)) await trx('invoice_lines').insert(part);
    result.invoices += regieInvoices.length;
    result.numbers.push({ regie: prefix, from: `${prefix}-${first}`, to: `${prefix}-${first + regieInvoices.length - 1}` });
  }
  await markBilledDays(trx, input, draft, targets);
  const run = { month: input.month, issuedOn: draft.issuedOn, dueOn: draft.dueOn, invoices: issued };
  result.emailed = await queueInvoiceNotices(trx, run, ctx.portalBaseUrl, at);
  await audit(ctx, {
    action: 'invoices.run',
    entity: 'invoice_run',
    entityId: input.month,
    details: { ...input, invoices: result.invoices, totalCents: result.totalCents, numbers: result.numbers },
  });
  return result;
}
