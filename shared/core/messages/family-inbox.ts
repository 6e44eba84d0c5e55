import type { Knex } from 'knex';
import type { DbRow } from '../../db/db-row';

/** One conversation as a box lists it: the first message's subject, once, however long the thread. */
export interface InboxConversation {
  /** The first message's id: the thread opens there. */
  id: number;
  subject: string;
  /** The latest message of the conversation that belongs to this box. */
  lastAt: string;
  structure: string;
  /** Something the structure sent in it is still unread. */
  unread: boolean;
  /** How many messages the structure sent in it after the family first wrote. */
  answers: number;
  messages: number;
}
export interface FamilyInbox {
  received: InboxConversation[];
  sent: InboxConversation[];
  deleted: InboxConversation[];
  /** More messages than one page reads: the oldest conversations are not listed. */
  truncated: boolean;
}

/** Bounds the work one opening of the inbox does, whatever a household has kept over the years. */
export const INBOX_MESSAGES_READ = 2000;

interface Thread {
  root: DbRow | null;
  rows: DbRow[];
}

/** The structure's messages after the family first wrote: its answers (its own opening message is not one). */
function answersTo(rows: DbRow[]): number {
  const familyIds = rows.filter((r) => r.direction === 'from_family').map((r) => Number(r.id));
  if (!familyIds.length) return 0;
  const firstWritten = Math.min(...familyIds);
  return rows.filter((r) => r.direction === 'to_family' && Number(r.id) > firstWritten).length;
}

function conversation(thread: Thread, rows: DbRow[]): InboxConversation {
  const first = thread.root ?? thread.rows[thread.rows.length - 1];
  return {
    id: Number(first.parent_id ?? first.id),
    subject: String(first.subject),
    lastAt: String(rows[0].created_at),
    structure: first.structure_name ?? 'Mairie',
    unread: thread.rows.some((r) => r.direction === 'to_family' && !r.read_by_family_at && !r.deleted_by_family_at),
    answers: answersTo(thread.rows),
    messages: thread.rows.length,
  };
}

/**
 * The family's conversations by box, newest first, only its own household's, in one query.
 * A conversation is « reçu » when the structure wrote in it and « envoyé » when the family did
 * (an answered question is in both, as in any mail box); it is « supprimé » once every message
 * in it is — an answer arriving later brings it back.
 */
export async function familyInbox(db: Knex, familyId: number): Promise<FamilyInbox> {
  const rows = await db('messages as m')
    .leftJoin('structures as s', 's.id', 'm.structure_id')
    .where('m.family_id', familyId)
    .orderBy([
      { column: 'm.created_at', order: 'desc' },
      { column: 'm.id', order: 'desc' },
    ])
    .limit(INBOX_MESSAGES_READ + 1)
    .select(
      'm.id',
      'm.subject',
      'm.created_at',
      'm.direction',
      'm.read_by_family_at',
      'm.deleted_by_family_at',
      'm.parent_id',
      's.name as structure_name',
    );
  const truncated = rows.length > INBOX_MESSAGES_READ;
  const threads = new Map<number, Thread>();
  for (const r of rows.slice(0, INBOX_MESSAGES_READ)) {
    const rootId = Number(r.parent_id ?? r.id);
    const thread = threads.get(rootId) ?? { root: null, rows: [] };
    thread.rows.push(r);
    if (!r.parent_id) thread.root = r;
    threads.set(rootId, thread);
  }
  const inbox: FamilyInbox = { received: [], sent: [], deleted: [], truncated };
  for (const thread of threads.values()) {
    const kept = thread.rows.filter((r) => !r.deleted_by_family_at);
    if (!kept.length) {
      inbox.deleted.push(conversation(thread, thread.rows));
      continue;
    }
    const received = kept.filter((r) => r.direction === 'to_family');
    const sent = kept.filter((r) => r.direction === 'from_family');
    if (received.length) inbox.received.push(conversation(thread, received));
    if (sent.length) inbox.sent.push(conversation(thread, sent));
  }
  const newestFirst = (a: InboxConversation, b: InboxConversation) => b.lastAt.localeCompare(a.lastAt) || b.id - a.id;
  inbox.received.sort(newestFirst);
  inbox.sent.sort(newestFirst);
  inbox.deleted.sort(newestFirst);
  return inbox;
}

/** The subject of one of the family's conversations, for the notice after deleting it; null for anyone else's. */
export async function familyConversationSubject(db: Knex, familyId: number, conversationId: number): Promise<string | null> {
  const root = await db('messages').where({ id: conversationId, family_id: familyId }).whereNull('parent_id').first('subject');
  return root ? String(root.subject) : null;
}
