import type { Ctx } from '../context';
import { actorLabel } from '../context';
import { nowIso } from '../clock';
import { maskIban } from '../../contracts/record-sections';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: number | string | null;
  details?: Record<string, unknown>;
  /** The household concerned, when the caller knows it; otherwise found from the entity. */
  familyId?: number | null;
}

/** The entities a household owns, by table: an entry about one of them belongs to its family's history. */
const OWNED_BY_FAMILY: Record<string, string> = {
  child: 'children',
  request: 'requests',
  message: 'messages',
  payment: 'payments',
  invoice: 'invoices',
  portal_account: 'portal_accounts',
};

const asId = (value: unknown) =>
  typeof value === 'number' || (typeof value === 'string' && /^\d{1,9}$/.test(value)) ? Number(value) : null;

/** Which household an entry concerns: said by the caller, the family acting, its details, or its entity (one indexed read). */
async function familyOf(ctx: AuditCtx, entry: AuditEntry): Promise<number | null> {
  if (entry.familyId != null) return entry.familyId;
  if (ctx.actor.kind === 'family') return ctx.actor.familyId;
  const fromDetails = asId(entry.details?.familyId);
  if (fromDetails !== null) return fromDetails;
  const id = asId(entry.entityId);
  if (id === null) return null;
  if (entry.entity === 'family') return id;
  const table = OWNED_BY_FAMILY[entry.entity];
  if (!table) return null;
  const row = await ctx.db(table).where({ id }).first('family_id');
  return row?.family_id == null ? null : Number(row.family_id);
}

/** Writes who did what, inside the caller's transaction: no change lands without its trace. */
export type AuditCtx = Pick<Ctx, 'actor' | 'db' | 'clock' | 'source'>;

export async function audit(ctx: AuditCtx, entry: AuditEntry): Promise<void> {
  const actor = ctx.actor;
  await ctx.db('audit_log').insert({
    at: nowIso(ctx.clock),
    actor_type: actor.kind === 'anonymous' ? 'system' : actor.kind,
    actor_id: actor.kind === 'staff' ? actor.userId : actor.kind === 'family' ? actor.accountId : null,
    actor_label: actorLabel(actor),
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    details_json: JSON.stringify(withoutAccountNumbers(entry.details ?? {})),
    source: ctx.source.slice(0, 60),
    family_id: await familyOf(ctx, entry),
  });
}

const IBAN_KEY = /iban/i;

/**
 * The details with every account number masked (« FR76 ••••…189 »), at any depth: the journal
 * says an IBAN changed and keeps it readable to a person, never the number the record keeps sealed.
 */
export function withoutAccountNumbers(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutAccountNumbers(v, key));
  if (IBAN_KEY.test(key) && typeof value === 'string') return /•/.test(value) ? value : maskIban(value);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutAccountNumbers(v, k)]));
  return value;
}

/** The fields whose value differs, as { field: [before, after] }. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key], after[key]];
  }
  return changes;
}
