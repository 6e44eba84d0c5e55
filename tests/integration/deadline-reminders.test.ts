import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/core/clock';
import { queueDeadlineReminders } from '../../shared/core/planning/deadline-reminders';
import { createTestCore, type TestCore } from '../support/test-app';

// The opt-in reminder before a booking deadline. The demo's holiday ALSH closes its bookings
// on the Wednesday of the week before, at 18:00: for the vacances de Noël 2026 (from Saturday
// 19 December; first day run Monday 21), on Wednesday 16 December at 18:00.
let core: TestCore;
let dupont: number;
let martin: number;
const URL = 'https://portail.example.fr';
const at = (iso: string) => fixedClock(iso);
const outboxTo = (to: string) => core.db('email_outbox').where({ to_address: to }).orderBy('id');

beforeAll(async () => {
  core = await createTestCore();
  dupont = (await core.db('families').where({ family_number: '1001001010331' }).first('id')).id;
  martin = (await core.db('families').where({ family_number: '1001001010332' }).first('id')).id;
  const holidays = (await core.db('services').where({ code: 'ALSH_VAC_J' }).first('id')).id;
  const hugo = (await core.db('children').where({ family_id: dupont, first_name: 'HUGO' }).first('id')).id;
  const zoe = (await core.db('children').where({ family_id: martin, first_name: 'ZOÉ' }).first('id')).id;
  for (const child of [hugo, zoe])
    await core.db('enrolments').insert({
      child_id: child,
      service_id: holidays,
      starts_on: '2026-09-01',
      ends_on: '2027-07-03',
      created_at: '2026-09-01T08:00:00.000Z',
    });
  await core.db('booking_reminder_families').insert({ family_id: dupont, subscribed_at: '2026-11-01T08:00:00.000Z' });
  // MARTIN asked for reminders too, but its record says « Autorisation courriel » : Non.
  await core.db('booking_reminder_families').insert({ family_id: martin, subscribed_at: '2026-11-01T08:00:00.000Z' });
  await core.db('family_adults').where({ family_id: martin, role: 'responsable' }).update({ email_allowed: false });
});
afterAll(async () => {
  await core?.destroy();
});

describe('a family that asked for reminders is told before a booking deadline', () => {
  it('sends nothing while the deadline is more than three days away', async () => {
    expect(await queueDeadlineReminders(core.db, at('2026-12-10T09:00:00Z'), URL)).toBe(0);
    expect(await outboxTo('jean.dupont@wanadoo.fr').where('subject', 'like', '%réservations pour%')).toHaveLength(0);
  });

  it('sends one e-mail, once, even when two processes run the job at the same moment', async () => {
    const clock = at('2026-12-14T09:00:00Z'); // Monday 10:00 in Paris
    const [first, second] = await Promise.all([queueDeadlineReminders(core.db, clock, URL), queueDeadlineReminders(core.db, clock, URL)]);
    expect(first + second).toBe(1);
    expect(await queueDeadlineReminders(core.db, at('2026-12-15T09:00:00Z'), URL)).toBe(0); // an hour, a day later: already told
    const mails = await outboxTo('jean.dupont@wanadoo.fr').where('subject', 'like', '%réservations pour%');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain(
      'ALSH Vacances journée : réservations pour les vacances de Noël jusqu’au mercredi 16 décembre 2026 à 18 h 00',
    );
    expect(mails[0].text_body).toContain('(HUGO)');
    expect(mails[0].text_body).toContain('le lundi 21 décembre 2026');
    expect(mails[0].text_body).toContain(`${URL}/mes-enfants`);
    const sent = await core.db('booking_reminders_sent').where({ family_id: dupont });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ period_start: '2026-12-19', deadline: '2026-12-16T18:00' });
  });

  it('never writes to a family whose record refuses e-mails, nor to one that did not ask', async () => {
    expect(await core.db('booking_reminders_sent').where({ family_id: martin })).toHaveLength(0);
    const others = await core.db('booking_reminders_sent').whereNotIn('family_id', [dupont]);
    expect(others).toHaveLength(0); // the demo's other families never asked
  });

  it('sends nothing once the deadline has passed', async () => {
    await core.db('booking_reminders_sent').del();
    expect(await queueDeadlineReminders(core.db, at('2026-12-16T17:30:00Z'), URL)).toBe(0); // 18:30 in Paris
  });
});
