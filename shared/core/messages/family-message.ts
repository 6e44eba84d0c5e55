import type { Knex } from 'knex';
import type { Clock } from '../clock';

/** Opens one of the family's messages and marks it read; null when it is not this household's. */
export async function openFamilyMessage(db: Knex, clock: Clock, familyId: number, id: number) {
  const row = await db('messages as m').leftJoin('structures as s', 's.id', 'm.structure_id')
    .where({ 'm.id': id, 'm.family_id': familyId })
    .first('m.id', 'm.subject', 'm.body', 'm.created_at', 'm.direction', 'm.read_by_family_at', 'm.parent_id', 's.name as structure_name');
  if (!row) return null;
  if (row.direction === 'to_family' && !row.read_by_family_at) {
    await db('messages').where({ id, family_id: familyId }).whereNull('read_by_family_at').update({ read_by_family_at: clock.now().toISOString() });
  }
  return {
    id: row.id as number, subject: row.subject as string, body: row.body as string, createdAt: row.created_at as string,
    fromFamily: row.direction === 'from_family', structure: (row.structure_name as string | null) ?? 'Mairie',
  };
}
export type FamilyMessage = NonNullable<Awaited<ReturnType<typeof openFamilyMessage>>>;
