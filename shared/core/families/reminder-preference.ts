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
    .where('f.id', familyId)
    .first('f.booking_reminders', 'a.email', 'a.email_allowed');
  return { wanted: bool(row?.booking_reminders), reachable: Boolean(row?.email) && bool(row?.email_allowed) };
}

/**
 * A preference, not a record change: it applies at once, without an agent. Setting the value it
 * already has changes nothing and writes no audit line (a double click gives one entry).
 */
export async function setReminderPreference(db: Knex, clock: Clock, who: FamilyActorRef, wanted: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    const changed = await trx('families')
      .where({ id: who.familyId })
      .whereNot('booking_reminders', wanted)
      .update({ booking_reminders: wanted });
    if (changed)
      await audit(
        { actor: familyActor(who), db: trx, clock, source: who.source },
        { action: wanted ? 'reminders.subscribe' : 'reminders.unsubscribe', entity: 'family', entityId: who.familyId },
      );
  });
}
