import type { Ctx } from '../context';
import { actorLabel } from '../context';
import { nowIso } from '../clock';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: number | string | null;
  details?: Record<string, unknown>;
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
    details_json: JSON.stringify(entry.details ?? {}),
    source: ctx.source.slice(0, 60),
  });
}

/** The fields whose value differs, as { field: [before, after] }. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key], after[key]];
  }
  return changes;
}
