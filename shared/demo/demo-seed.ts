import type { Knex } from 'knex';
import { today } from '../core/clock';
import { seedDemoBilling } from './demo-billing';
import { demoSchoolYear } from './demo-calendar';
import { seedDemoCollection } from './demo-collection';
import { seedDemoDocuments } from './demo-documents';
import { seedDemoHouseholds } from './demo-households';
import { seedDemoMessages } from './demo-messages';
import { seedDemoPlanning } from './demo-planning';
import { seedDemoReference } from './demo-reference';
import { seedDemoRequests } from './demo-requests';

export { DEMO_LOGINS } from './demo-reference';

/**
 * The demo commune, modelled on the manual and dated from the day it is built, in one
 * transaction: Saint-Martin-d'Auxigny, its services and tariffs, the DUPONT family and the
 * commune's other households, the school year's enrolments and planning, its months billed by
 * the real invoice run and partly paid, requests, messages and published documents. Whatever
 * the day, a parent sees invoices that bill the days the planning marks.
 */
export async function seedDemoCommune(db: Knex, now: Date): Promise<void> {
  const at = now.toISOString();
  const todayIso = today({ now: () => now });
  const year = demoSchoolYear(todayIso);
  await db.transaction(async (trx) => {
    const ref = await seedDemoReference(trx, at);
    const households = await seedDemoHouseholds(trx, now, year);
    const requestDays = await seedDemoPlanning(trx, now, todayIso, year, ref, households);
    await seedDemoBilling(trx, now, todayIso, year, ref, households);
    await seedDemoCollection(trx, now, todayIso, year, ref, households);
    await seedDemoRequests(trx, now, households, requestDays);
    await seedDemoMessages(trx, now, todayIso, ref, households, requestDays.showDay);
    await seedDemoDocuments(trx, at, year.label, todayIso);
    // The e-mails of the demo's past (invoice notices, reminders) left on their day: the outbox
    // delivers only what is done in the demo from now on.
    await trx('email_outbox')
      .where({ status: 'pending' })
      .update({ status: 'sent', sent_at: trx.ref('created_at'), attempts: 1 });
  });
}
