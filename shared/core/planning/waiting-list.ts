import type { Knex } from 'knex';
import { queueEmail } from '../mail/mailer';
import { bool } from '../families/presenter';

const BOOKED = ['reserved', 'regular'];

export async function bookedCount(trx: Knex | Knex.Transaction, serviceId: number, date: string): Promise<number> {
  const row = await trx('planning_days')
    .where({ service_id: serviceId, date })
    .whereIn('state', BOOKED)
    .count<{ n: number }[]>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** Places of a full day held for waiting-list families it was offered to, other than this child. */
export async function placesHeldForOthers(trx: Knex | Knex.Transaction, serviceId: number, date: string, childId: number): Promise<number> {
  const row = await trx('waiting_list')
    .where({ service_id: serviceId, date, state: 'offered' })
    .whereNot({ child_id: childId })
    .count<{ n: number }[]>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/**
 * When places free up on a day, offers them to the waiting list in the order of the requests:
 * the family is told (e-mail when it accepts e-mails) and the place is held for it.
 */
export async function offerFreedPlaces(trx: Knex.Transaction, serviceId: number, date: string, at: string): Promise<number> {
  const service = await trx('services').where({ id: serviceId }).first('name', 'capacity_per_day');
  if (!service || service.capacity_per_day == null) return 0;
  const offered = Number(
    (await trx('waiting_list').where({ service_id: serviceId, date, state: 'offered' }).count<{ n: number }[]>({ n: '*' }).first())?.n ?? 0,
  );
  const free = Number(service.capacity_per_day) - (await bookedCount(trx, serviceId, date)) - offered;
  if (free <= 0) return 0;
  const next = await trx('waiting_list as w')
    .join('children as c', 'c.id', 'w.child_id')
    .where({ 'w.service_id': serviceId, 'w.date': date, 'w.state': 'waiting' })
    .orderBy(['w.created_at', 'w.id'])
    .limit(free)
    .select('w.id', 'c.family_id', 'c.first_name', 'c.last_name');
  for (const entry of next) {
    await trx('waiting_list').where({ id: entry.id }).update({ state: 'offered' });
    const adult = await trx('family_adults').where({ family_id: entry.family_id, role: 'responsable' }).first('email', 'email_allowed');
    const text = `Une place s'est libérée en « ${service.name} » le ${date.split('-').reverse().join('/')} pour ${entry.first_name} ${entry.last_name}. Elle vous est réservée : confirmez-la depuis le planning de votre enfant sur le Portail Famille.`;
    await trx('messages').insert({
      family_id: entry.family_id,
      direction: 'to_family',
      subject: 'Une place s’est libérée',
      body: text,
      created_at: at,
    });
    if (adult?.email && bool(adult.email_allowed)) {
      await queueEmail(trx, { to: adult.email, subject: 'Portail Famille — une place s’est libérée', text }, at);
    }
  }
  return next.length;
}
