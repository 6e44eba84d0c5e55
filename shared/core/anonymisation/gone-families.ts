import type { Knex } from 'knex';
import type { GoneFamilyView } from '../../contracts/anonymisation';
import type { DbRow } from '../../db/db-row';
import { communeDayStart } from '../../domain/french-dates';

type Db = Knex | Knex.Transaction;

/** The day N years before today (29 February gives 28 February in a common year). */
export function yearsBefore(todayIso: string, years: number): string {
  const [y, m, d] = todayIso.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** How long a titre sent to the trésorerie may still be recovered (prescription quadriennale): its family stays on file. */
export const TITRE_RECOVERY_YEARS = 4;

/** The days that bound a run: gone before `goneBefore`; titres since `titresSince` still being recovered. */
export interface GoneBounds {
  goneBefore: string;
  titresSince: string;
}

/**
 * The families gone since before `goneBefore` (a day in Paris): nothing for them on or after it —
 * no enrolment running, no day in the planning or on a waiting list, no invoice, payment, online
 * payment, request, message, login, new account, mandate, calendar read, no change to the family,
 * its children or anything the Journal records about it — created before it, not anonymised yet,
 * with no request waiting, no active mandate, a balance of zero (nothing owed, no credit to give
 * back, no refund due) and no titre still being recovered. Each condition is an indexed NOT EXISTS
 * on the family's or its children's rows.
 */
export function goneFamiliesQuery(db: Db, bounds: GoneBounds): Knex.QueryBuilder {
  const { goneBefore } = bounds;
  const instant = communeDayStart(goneBefore);
  const one = () => db.raw('1');
  const ofChildren = (q: Knex.QueryBuilder, table: string) =>
    q.select(one()).from(`${table} as x`).join('children as c', 'c.id', 'x.child_id').whereRaw('c.family_id = f.id');
  const ofFamily = (q: Knex.QueryBuilder, table: string) => q.select(one()).from(`${table} as x`).whereRaw('x.family_id = f.id');
  return (
    db('families as f')
      .whereNull('f.anonymised_at')
      .where('f.created_at', '<', instant)
      .where('f.updated_at', '<', instant)
      .whereNotExists((q) =>
        q
          .select(one())
          .from('children as c')
          .whereRaw('c.family_id = f.id')
          .where((w) => w.where('c.created_at', '>=', instant).orWhere('c.updated_at', '>=', instant)),
      )
      .whereNotExists((q) => ofChildren(q, 'enrolments').where('x.ends_on', '>=', goneBefore))
      .whereNotExists((q) => ofChildren(q, 'planning_days').where('x.date', '>=', goneBefore))
      .whereNotExists((q) =>
        ofChildren(q, 'waiting_list').where((w) => w.where('x.date', '>=', goneBefore).orWhere('x.created_at', '>=', instant)),
      )
      .whereNotExists((q) => ofFamily(q, 'invoices').where('x.issued_on', '>=', goneBefore))
      .whereNotExists((q) => ofFamily(q, 'payments').where('x.paid_on', '>=', goneBefore))
      .whereNotExists((q) => ofFamily(q, 'payfip_transactions').where('x.created_at', '>=', instant))
      .whereNotExists((q) => ofFamily(q, 'requests').where((w) => w.where('x.created_at', '>=', instant).orWhere('x.state', 'pending')))
      .whereNotExists((q) => ofFamily(q, 'messages').where('x.created_at', '>=', instant))
      .whereNotExists((q) =>
        ofFamily(q, 'portal_accounts').where((w) =>
          w.where('x.last_login_at', '>=', instant).orWhere('x.created_at', '>=', instant).orWhere('x.password_changed_at', '>=', instant),
        ),
      )
      .whereNotExists((q) =>
        ofFamily(q, 'sepa_mandates').where((w) => w.where('x.status', 'active').orWhere('x.signed_on', '>=', goneBefore)),
      )
      .whereNotExists((q) =>
        ofFamily(q, 'calendar_feeds').where((w) => w.where('x.last_read_at', '>=', instant).orWhere('x.created_at', '>=', instant)),
      )
      .whereNotExists((q) => ofFamily(q, 'audit_log').where('x.at', '>=', instant))
      // Owed either way: the balance (invoices, avoirs negative, minus payments not rejected) is zero.
      .whereRaw(
        "(select coalesce(sum(i.total_cents), 0) from invoices i where i.family_id = f.id) = (select coalesce(sum(p.amount_cents), 0) from payments p where p.family_id = f.id and p.status <> 'rejected')",
      )
      .whereNotExists((q) => ofFamily(q, 'payments').where('x.refund_due_cents', '>', 0))
      .whereNotExists((q) => ofFamily(q, 'payments').where('x.type', 'titre').where('x.paid_on', '>=', bounds.titresSince))
  );
}

/** The first `limit` gone families (oldest number first) and how many there are in all. */
export async function goneFamilies(db: Db, bounds: GoneBounds, limit: number): Promise<{ total: number; families: GoneFamilyView[] }> {
  const count = await goneFamiliesQuery(db, bounds).count<{ n: number | string }[]>({ n: 'f.id' }).first();
  const families = await goneFamiliesAfter(db, bounds, 0, limit);
  return { total: Number(count?.n ?? 0), families };
}

/** The next `limit` gone families after the id `afterId` (keyset paging, no count: what a run reads). */
export async function goneFamiliesAfter(db: Db, bounds: GoneBounds, afterId: number, limit: number): Promise<GoneFamilyView[]> {
  const rows: DbRow[] = await goneFamiliesQuery(db, bounds)
    .where('f.id', '>', afterId)
    .orderBy('f.id')
    .limit(limit)
    .select('f.id', 'f.family_number', 'f.created_at');
  const last = await lastActivity(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => ({
    familyId: Number(r.id),
    familyNumber: String(r.family_number),
    lastActivityOn: last.get(Number(r.id)) ?? String(r.created_at).slice(0, 10),
  }));
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
