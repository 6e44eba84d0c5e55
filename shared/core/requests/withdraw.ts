import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { PortalSession } from '../accounts/portal-auth';

/** A family withdraws one of its own pending requests; false when there is no such request. */
export async function withdrawFamilyRequest(
  db: Knex,
  clock: Clock,
  session: PortalSession,
  requestId: number,
  source: string,
): Promise<boolean> {
  const now = clock.now().toISOString();
  return db.transaction(async (trx) => {
    const updated = await trx('requests')
      .where({ id: requestId, family_id: session.actor.familyId, state: 'pending' })
      .update({ state: 'withdrawn', decided_at: now, pending_key: null });
    if (updated !== 1) return false;
    await trx('audit_log').insert({
      at: now,
      actor_type: 'family',
      actor_id: session.actor.accountId,
      actor_label: session.actor.login,
      action: 'request.withdraw',
      entity: 'request',
      entity_id: String(requestId),
      details_json: '{}',
      source: source.slice(0, 60),
      family_id: session.actor.familyId, // the family's own « Historique »
    });
    return true;
  });
}
