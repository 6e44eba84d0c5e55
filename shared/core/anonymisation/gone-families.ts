import type { Knex } from 'knex';
import type { GoneFamilyView } from '../../contracts/anonymisation';
import type { DbRow } from '../../db/db-row';

type Db = Knex | Knex.Transaction;

/** The day N years before today (29 February gives 28 February in a common year). */
export function yearsBefore(todayIso: string, years: number): string {
  const [y, m, d] = todayIso.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * The families gone since before `goneBefore`: nothing for them on or after that day — no
 * enrolment running, no day in the planning, no invoice, payment, request, message or login —
 * created before it, not anonymised yet, and owing nothing (a debt still pursued keeps its file).
 * Each condition is an indexed NOT EXISTS on the family's or its children's rows.
 */
export function goneFamiliesQuery(db: Db, goneBefore: string): Knex.QueryBuilder {
  const instant = `${goneBefore}T00:00:00.000Z`;
  const children = (q: Knex.QueryBuilder, table: string) =>
    q.from(`${table} as x`).join('children as c', 'c.id', 'x.child_id').whereRaw('c.family_id = f.id');
  return db('families as f')
    .whereNull('f.anonymised_at')
    .where('f.created_at', '<', instant)
    .whereNotExists((q) => children(q.select(db.raw('1')), 'enrolments').where('x.ends_on', '>=', goneBefore))
    .whereNotExists((q) => children(q.select(db.raw('1')), 'planning_days').where('x.date', '>=', goneBefore))
    .whereNotExists((q) =>
      q.select(db.raw('1')).from('invoices as i').whereRaw('i.family_id = f.id').where('i.issued_on', '>=', goneBefore),
    )
    .whereNotExists((q) => q.select(db.raw('1')).from('payments as p').whereRaw('p.family_id = f.id').where('p.paid_on', '>=', goneBefore))
    .whereNotExists((q) => q.select(db.raw('1')).from('requests as r').whereRaw('r.family_id = f.id').where('r.created_at', '>=', instant))
    .whereNotExists((q) => q.select(db.raw('1')).from('messages as m').whereRaw('m.family_id = f.id').where('m.created_at', '>=', instant))
    .whereNotExists((q) =>
      q.select(db.raw('1')).from('portal_accounts as a').whereRaw('a.family_id = f.id').where('a.last_login_at', '>=', instant),
    )
    .whereNotExists((q) =>
      q
        .select(db.raw('1'))
        .from('invoices as o')
        .whereRaw('o.family_id = f.id')
        .where({ 'o.status': 'issued', 'o.kind': 'invoice' })
        .whereRaw('o.total_cents > coalesce((select sum(pa.amount_cents) from payment_allocations pa where pa.invoice_id = o.id), 0)'),
    );
}

/** The first `limit` gone families (oldest number first) and how many there are in all. */
export async function goneFamilies(db: Db, goneBefore: string, limit: number): Promise<{ total: number; families: GoneFamilyView[] }> {
  const count = await goneFamiliesQuery(db, goneBefore).count<{ n: number | string }[]>({ n: 'f.id' }).first();
  const rows: DbRow[] = await goneFamiliesQuery(db, goneBefore)
    .orderBy('f.id')
    .limit(limit)
    .select('f.id', 'f.family_number', 'f.created_at');
  const last = await lastActivity(
    db,
    rows.map((r) => Number(r.id)),
  );
  return {
    total: Number(count?.n ?? 0),
    families: rows.map((r) => ({
      familyId: Number(r.id),
      familyNumber: String(r.family_number),
      lastActivityOn: last.get(Number(r.id)) ?? String(r.created_at).slice(0, 10),
    })),
  };
}

/** The last day of activity of each family (one grouped query per kind of activity, for the families given). */
async function lastActivity(db: Db, ids: number[]): Promise<Map<number, string>> {
  const last = new Map<number, string>();
  if (ids.length === 0) return last;
  const keep = (rows: Array<{ family_id: number | string; at: string | null }>) => {
    for (const row of rows) {
      const day = row.at ? String(row.at).slice(0, 10) : '';
      const id = Number(row.family_id);
      if (day > (last.get(id) ?? '')) last.set(id, day);
    }
  };
  const byChild = (table: string, column: string) =>
    db(`${table} as x`)
      .join('children as c', 'c.id', 'x.child_id')
      .whereIn('c.family_id', ids)
      .groupBy('c.family_id')
      .select('c.family_id', db.raw(`max(x.${column}) as at`));
  const byFamily = (table: string, column: string) =>
    db(table)
      .whereIn('family_id', ids)
      .groupBy('family_id')
      .select('family_id', db.raw(`max(${column}) as at`));
  keep(await db('families').whereIn('id', ids).select('id as family_id', 'created_at as at'));
  keep(await byChild('enrolments', 'ends_on'));
  keep(await byChild('planning_days', 'date'));
  keep(await byFamily('invoices', 'issued_on'));
  keep(await byFamily('payments', 'paid_on'));
  keep(await byFamily('requests', 'created_at'));
  keep(await byFamily('messages', 'created_at'));
  keep(await byFamily('portal_accounts', 'last_login_at'));
  return last;
}
