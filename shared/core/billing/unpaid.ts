import type { Knex } from 'knex';
import type { z } from '../../contracts/zod-fr';
import type { UnpaidAge, UnpaidPage, UnpaidRow, unpaidListInput } from '../../contracts/billing';
import { addDays, isoDateInTimeZone } from '../../domain/french-dates';
import type { DbRow } from '../../db/db-row';
import { today } from '../clock';
import type { Ctx } from '../context';
import { responsableOf } from '../families/responsable-join';
import { presentedDebits } from './sepa/debit-notices';

/**
 * The invoices still due, with what is left on each, its last reminder, and its age as of
 * `todayIso`: not yet due, overdue, or past the online-payment window (« actif 30 jours après la
 * date d'échéance », then for the trésorerie). One query; ages compared on dates in SQL.
 */
export function unpaidInvoicesQuery(db: Knex, todayIso: string, linkDaysAfterDue: number): Knex.QueryBuilder {
  const paid = db('payment_allocations').groupBy('invoice_id').select('invoice_id', db.raw('sum(amount_cents) as paid_cents'));
  const reminded = db('invoice_reminders')
    .groupBy('invoice_id')
    .select('invoice_id', db.raw('max(level) as level'), db.raw('max(sent_at) as sent_at'));
  // Due before this day means past the online window today.
  const windowStart = addDays(todayIso, -linkDaysAfterDue);
  return (
    db('invoices as i')
      .leftJoin(paid.as('p'), 'p.invoice_id', 'i.id')
      .leftJoin(reminded.as('rm'), 'rm.invoice_id', 'i.id')
      .where({ 'i.kind': 'invoice', 'i.status': 'issued' })
      .whereRaw('i.total_cents > coalesce(p.paid_cents, 0)')
      // Being collected by the bank (a SEPA debit sent, not yet confirmed), or to be (the family on
      // prélèvement was told « rien à faire »): the month's batch takes them, neither reminders nor titres.
      .whereNotExists(db('sepa_debits as sd').whereRaw('sd.invoice_id = i.id').where('sd.status', 'pending').select(db.raw('1')))
      .whereNotExists(
        db('sepa_mandates as sm')
          .whereRaw('sm.family_id = i.family_id')
          .where('sm.status', 'active')
          .whereRaw('sm.signed_on <= i.issued_on')
          .whereNotExists(presentedDebits(db))
          .select(db.raw('1')),
      )
      .select(
        db.raw(`case when i.due_on >= ? then 'not_due' when i.due_on >= ? then 'overdue' else 'past_online_window' end as age`, [
          todayIso,
          windowStart,
        ]),
      )
  );
}

/** An unpaid invoice's columns over unpaidInvoicesQuery joined to its family (f) and responsable (a). */
export function unpaidColumns(db: Knex) {
  return [
    'i.id',
    'i.number',
    'i.family_id',
    'i.due_on',
    'f.family_number',
    'a.last_name',
    'a.first_name',
    db.raw('i.total_cents - coalesce(p.paid_cents, 0) as remaining'),
    db.raw('coalesce(rm.level, 0) as reminder_level'),
    'rm.sent_at as reminded_at',
  ];
}

/** The commune's online-payment window after the due date (« actif 30 jours après la date d'échéance »). */
export async function linkDaysAfterDue(db: Knex): Promise<number> {
  return Number((await db('commune_settings').where({ id: 1 }).first('payfip_link_days_after_due'))?.payfip_link_days_after_due ?? 30);
}

/** « Impayés »: paged on the server, oldest due first, with the counts and sums by age over the filter. */
export async function listUnpaid(ctx: Ctx, input: z.output<typeof unpaidListInput>): Promise<UnpaidPage> {
  const todayIso = today(ctx.clock);
  const days = await linkDaysAfterDue(ctx.db);
  const filtered = () => {
    const query = unpaidInvoicesQuery(ctx.db, todayIso, days);
    if (input.regieId) query.where('i.regie_id', input.regieId);
    if (input.familyId) query.where('i.family_id', input.familyId);
    return query;
  };
  const ages: DbRow[] = await ctx.db
    .from(filtered().select(ctx.db.raw('i.total_cents - coalesce(p.paid_cents, 0) as remaining')).as('u'))
    .groupBy('age')
    .select('age', ctx.db.raw('count(*) as n'), ctx.db.raw('sum(remaining) as cents'));
  const byAge = ages.map((a) => ({ age: a.age as UnpaidAge, count: Number(a.n), remainingCents: Number(a.cents) }));
  const outer = ctx.db.from(
    filtered()
      .join('families as f', 'f.id', 'i.family_id')
      .leftJoin('family_adults as a', responsableOf('f.id'))
      .join('regies as r', 'r.id', 'i.regie_id')
      .select(...unpaidColumns(ctx.db), 'r.name as regie')
      .as('u'),
  );
  if (input.age) outer.where('age', input.age);
  const rows: DbRow[] = await outer
    .orderBy([{ column: 'due_on' }, { column: 'id' }])
    .offset(input.page * input.pageSize)
    .limit(input.pageSize)
    .select('*');
  const total = input.age ? (byAge.find((a) => a.age === input.age)?.count ?? 0) : byAge.reduce((n, a) => n + a.count, 0);
  return { rows: rows.map((r) => presentUnpaid(r, todayIso)), total, byAge };
}

function presentUnpaid(r: DbRow, todayIso: string): UnpaidRow {
  return {
    id: Number(r.id),
    number: r.number,
    familyId: Number(r.family_id),
    familyNumber: r.family_number,
    familyName: [r.last_name, r.first_name].filter(Boolean).join(' '),
    regie: r.regie,
    dueOn: r.due_on,
    remainingCents: Number(r.remaining),
    age: r.age,
    daysOverdue: Math.max(0, Math.round((Date.parse(todayIso) - Date.parse(r.due_on)) / 86_400_000)),
    reminderLevel: Number(r.reminder_level),
    lastReminderOn: r.reminded_at ? isoDateInTimeZone(new Date(r.reminded_at)) : null,
  };
}
