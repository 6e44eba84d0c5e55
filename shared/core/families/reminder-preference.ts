import type { Knex } from 'knex';
import { audit } from '../audit/audit-log';
import type { Clock } from '../clock';
import { familyActor, type FamilyActorRef } from '../messages/family-messaging';
import { bool } from './presenter';

export interface ReminderPreference {
  /** The family asked for booking-deadline reminders. */
  wanted: boolean;
  /** Whether e-mails can reach it: an address, and « Autorisation courriel » : Oui. */
  reachable: boolean;
}

export async function reminderPreference(db: Knex, familyId: number): Promise<ReminderPreference> {
  const row = await db('families as f')
    .leftJoin('family_adults as a', function responsable() {
      this.on('a.family_id', '=', 'f.id').andOnVal('a.role', '=', 'responsable');
    })
    .leftJoin('booking_reminder_families as r', 'r.family_id', 'f.id')
    .where('f.id', familyId)
    .first('r.family_id as subscribed', 'a.email', 'a.email_allowed');
  return { wanted: row?.subscribed != null, reachable: Boolean(row?.email) && bool(row?.email_allowed) };
}

/**
 * A preference, not a record change: it applies at once, without an agent. The row is the wish:
 * inserted once (a second click finds it there), deleted once, and only a change writes an audit
 * line (a double click gives one entry).
 */
export async function setReminderPreference(db: Knex, clock: Clock, who: FamilyActorRef, wanted: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    const changed = wanted
      ? (
          await trx('booking_reminder_families')
            .insert({ family_id: who.familyId, subscribed_at: clock.now().toISOString() })
            .onConflict('family_id')
            .ignore()
            .returning('family_id')
        ).length
      : await trx('booking_reminder_families').where({ family_id: who.familyId }).del();
    if (changed)
      await audit(
        { actor: familyActor(who), db: trx, clock, source: who.source },
        { action: wanted ? 'reminders.subscribe' : 'reminders.unsubscribe', entity: 'family', entityId: who.familyId },
      );
  });
}
