import type { Knex } from 'knex';
import { insertId } from '../db/insert-id';
import { addDays, formatLongFrenchDate, monthName, shiftMonth } from '../domain/french-dates';
import type { DemoHouseholds } from './demo-households';
import type { DemoReference } from './demo-reference';

/**
 * The boxes of the two households with accounts: for DUPONT, a question answered and read and
 * an unread notice from the Accueil de Loisirs; for MARTIN, the next month's menus and a
 * question waiting for the town hall. Dated the days before the demo's day.
 */
export async function seedDemoMessages(
  trx: Knex.Transaction,
  now: Date,
  todayIso: string,
  ref: DemoReference,
  households: DemoHouseholds,
  showDay: string | null,
) {
  // Some days before today, at an hour of the day (UTC), never later than now.
  const ago = (days: number, hour: number) => {
    const instant = `${addDays(todayIso, -days)}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    return instant < now.toISOString() ? instant : now.toISOString();
  };
  const { dupont, martin } = households;
  const question = await insertId(trx, 'messages', {
    family_id: dupont.familyId,
    structure_id: ref.structures.alsh,
    direction: 'from_family',
    subject: 'Sortie du mercredi',
    body: 'Bonjour, faut-il prévoir un pique-nique pour la sortie ? Merci.',
    read_by_staff_at: ago(12, 9),
    handled_at: ago(12, 9),
    created_at: ago(13, 18),
  });
  const next = shiftMonth(todayIso.slice(0, 7), 1);
  await trx('messages').insert({
    family_id: dupont.familyId,
    structure_id: ref.structures.alsh,
    parent_id: question,
    direction: 'to_family',
    subject: 'RE: Sortie du mercredi',
    body: 'Bonjour, oui, un pique-nique et une gourde. Bonne journée.',
    read_by_family_at: ago(12, 20),
    created_at: ago(12, 9),
  });
  // The show, on a Wednesday the Accueil de Loisirs runs (none once the school year is over).
  if (showDay) {
    await trx('messages').insert({
      family_id: dupont.familyId,
      structure_id: ref.structures.alsh,
      direction: 'to_family',
      subject: 'Spectacle de l’Accueil de Loisirs',
      body: `Le spectacle des enfants de l’Accueil de Loisirs aura lieu le ${formatLongFrenchDate(showDay).toLowerCase()} à 16 h. Les familles sont les bienvenues.`,
      created_at: ago(4, 14),
    });
  }
  await trx('messages').insert([
    {
      family_id: martin.familyId,
      structure_id: ref.structures.periscolaire,
      direction: 'to_family',
      subject: `Menus de ${monthName(Number(next.slice(5, 7))).toLowerCase()}`,
      body: `Les menus du restaurant scolaire pour ${monthName(Number(next.slice(5, 7))).toLowerCase()} sont affichés à l’école et en mairie.`,
      created_at: ago(3, 10),
    },
    {
      family_id: martin.familyId,
      structure_id: null,
      direction: 'from_family',
      subject: 'Attestation de paiement',
      body: `Bonjour, pourriez-vous m’envoyer une attestation de paiement pour ${Number(todayIso.slice(0, 4)) - 1} ? Merci.`,
      created_at: ago(10, 8),
    },
  ]);
}
