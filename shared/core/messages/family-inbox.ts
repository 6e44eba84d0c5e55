import type { DbRow } from '../../db/db-row';
import type { Knex } from 'knex';

export interface InboxMessage {
  id: number;
  subject: string;
  body: string;
  createdAt: string;
  structure: string;
  read: boolean;
  inReplyTo: number | null;
  /** For a message the family wrote: the structure's answers in its thread. */
  answers: number;
}
export interface FamilyInbox {
  received: InboxMessage[];
  sent: InboxMessage[];
  deleted: InboxMessage[];
}

/** The family's messages by box, newest first; only its own household's, in one query. */
export async function familyInbox(db: Knex, familyId: number): Promise<FamilyInbox> {
  const rows = await db('messages as m')
    .leftJoin('structures as s', 's.id', 'm.structure_id')
    .where('m.family_id', familyId)
    .orderBy('m.created_at', 'desc')
    .select(
      'm.id',
      'm.subject',
      'm.body',
      'm.created_at',
      'm.direction',
      'm.read_by_family_at',
      'm.deleted_by_family_at',
      'm.parent_id',
      's.name as structure_name',
    );
  const answers = new Map<number, number>();
  for (const r of rows) if (r.direction === 'to_family' && r.parent_id) answers.set(r.parent_id, (answers.get(r.parent_id) ?? 0) + 1);
  const toMessage = (r: DbRow): InboxMessage => ({
    id: r.id,
    subject: r.subject,
    body: r.body,
    createdAt: r.created_at,
    structure: r.structure_name ?? 'Mairie',
    read: r.direction === 'from_family' || r.read_by_family_at != null,
    inReplyTo: r.parent_id ?? null,
    answers: r.direction === 'from_family' && !r.parent_id ? (answers.get(r.id) ?? 0) : 0,
  });
  return {
    received: rows.filter((r) => r.direction === 'to_family' && !r.deleted_by_family_at).map(toMessage),
    sent: rows.filter((r) => r.direction === 'from_family' && !r.deleted_by_family_at).map(toMessage),
    deleted: rows.filter((r) => r.deleted_by_family_at).map(toMessage),
  };
}
