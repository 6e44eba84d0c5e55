import type { Knex } from 'knex';
import { audit } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Actor } from '../context';
import { OperationError } from '../errors';
import { insertId } from '../../db/insert-id';
import type { CheckedFile } from '../files/checked-upload';

export interface FamilyActorRef {
  familyId: number;
  accountId: number;
  login: string;
  source: string;
}

/** The audit trail's actor for a family acting on the portal. */
export const familyActor = (who: FamilyActorRef): Actor => ({
  kind: 'family',
  accountId: who.accountId,
  familyId: who.familyId,
  login: who.login,
  sessionId: '',
});

/** « RE: objet » once, however long the thread. */
export const replySubject = (subject: string) => (/^re\s*:/i.test(subject) ? subject : `RE: ${subject}`).slice(0, 200);

export interface ThreadAttachment {
  id: number;
  filename: string;
  mimeType: string;
  sizeBytes: number;
}
export interface FamilyThreadMessage {
  id: number;
  fromFamily: boolean;
  subject: string;
  body: string;
  createdAt: string;
  deleted: boolean;
  attachments: ThreadAttachment[];
}
export interface FamilyThread {
  id: number;
  rootId: number;
  subject: string;
  structure: string;
  structureId: number | null;
  deleted: boolean;
  messages: FamilyThreadMessage[];
}

/** Where a family may write: the structures, then the mairie itself. */
export async function messageRecipients(db: Knex): Promise<Array<{ id: number | null; name: string }>> {
  const structures = await db('structures').orderBy('position').select('id', 'name');
  return [...structures.map((s) => ({ id: s.id as number, name: s.name as string })), { id: null, name: 'Mairie' }];
}

async function attachmentsOf(db: Knex, messageIds: number[]): Promise<Map<number, ThreadAttachment[]>> {
  const rows = messageIds.length
    ? await db('message_attachments')
        .whereIn('message_id', messageIds)
        .orderBy('id')
        .select('id', 'message_id', 'filename', 'mime_type', 'size_bytes')
    : [];
  const byMessage = new Map<number, ThreadAttachment[]>();
  for (const r of rows)
    byMessage.set(r.message_id, [
      ...(byMessage.get(r.message_id) ?? []),
      { id: r.id, filename: r.filename, mimeType: r.mime_type, sizeBytes: Number(r.size_bytes) },
    ]);
  return byMessage;
}

/**
 * Opens one of the family's messages with its whole thread (the first message and every
 * answer), marking what the structure sent as read; null when it is not this household's.
 */
export async function familyThread(db: Knex, clock: Clock, familyId: number, id: number): Promise<FamilyThread | null> {
  const opened = await db('messages').where({ id, family_id: familyId }).first('id', 'parent_id');
  if (!opened) return null;
  const rootId = Number(opened.parent_id ?? opened.id);
  const rows = await db('messages as m')
    .leftJoin('structures as s', 's.id', 'm.structure_id')
    .where('m.family_id', familyId)
    .where((w) => w.where('m.id', rootId).orWhere('m.parent_id', rootId))
    .orderBy([{ column: 'm.created_at' }, { column: 'm.id' }])
    .select(
      'm.id',
      'm.subject',
      'm.body',
      'm.created_at',
      'm.direction',
      'm.read_by_family_at',
      'm.deleted_by_family_at',
      'm.structure_id',
      's.name as structure_name',
    );
  const unread = rows.filter((r) => r.direction === 'to_family' && !r.read_by_family_at).map((r) => r.id);
  if (unread.length)
    await db('messages')
      .whereIn('id', unread)
      .where({ family_id: familyId })
      .whereNull('read_by_family_at')
      .update({ read_by_family_at: clock.now().toISOString() });
  const attachments = await attachmentsOf(
    db,
    rows.map((r) => r.id),
  );
  const root = rows.find((r) => r.id === rootId) ?? rows[0];
  return {
    id,
    rootId,
    subject: root.subject,
    structure: root.structure_name ?? 'Mairie',
    structureId: root.structure_id ?? null,
    deleted: rows.every((r) => r.deleted_by_family_at),
    messages: rows.map((r) => ({
      id: r.id,
      fromFamily: r.direction === 'from_family',
      subject: r.subject,
      body: r.body,
      createdAt: r.created_at,
      deleted: Boolean(r.deleted_by_family_at),
      attachments: attachments.get(r.id) ?? [],
    })),
  };
}

/** A new message from the family to a structure or the mairie, with an optional checked file. */
export async function sendFamilyMessage(
  db: Knex,
  clock: Clock,
  who: FamilyActorRef,
  input: { structureId: number | null; subject: string; body: string; attachment?: CheckedFile },
): Promise<number> {
  return db.transaction(async (trx) => {
    if (input.structureId !== null && !(await trx('structures').where({ id: input.structureId }).first('id'))) {
      throw new OperationError('validation', 'Choisissez à qui écrire.', { structure: 'Destinataire inconnu.' });
    }
    const at = clock.now().toISOString();
    const id = await insertId(trx, 'messages', {
      family_id: who.familyId,
      structure_id: input.structureId,
      direction: 'from_family',
      subject: input.subject,
      body: input.body,
      created_at: at,
    });
    if (input.attachment) await insertAttachment(trx, id, input.attachment);
    await audit(
      { actor: familyActor(who), db: trx, clock, source: who.source },
      {
        action: 'messages.send',
        entity: 'message',
        entityId: id,
        details: { structureId: input.structureId, attachment: input.attachment?.filename ?? null },
      },
    );
    return id;
  });
}

/** The family answers a thread: the answer joins it, and the thread needs the structure's attention again. */
export async function replyAsFamily(
  db: Knex,
  clock: Clock,
  who: FamilyActorRef,
  messageId: number,
  input: { body: string; attachment?: CheckedFile },
): Promise<number | null> {
  return db.transaction(async (trx) => {
    const opened = await trx('messages').where({ id: messageId, family_id: who.familyId }).first('id', 'parent_id');
    if (!opened) return null;
    const rootId = Number(opened.parent_id ?? opened.id);
    const root = await trx('messages').where({ id: rootId, family_id: who.familyId }).first('subject', 'structure_id');
    const at = clock.now().toISOString();
    const id = await insertId(trx, 'messages', {
      family_id: who.familyId,
      structure_id: root.structure_id,
      parent_id: rootId,
      direction: 'from_family',
      subject: replySubject(root.subject),
      body: input.body,
      created_at: at,
    });
    if (input.attachment) await insertAttachment(trx, id, input.attachment);
    await trx('messages').where({ id: rootId }).update({ handled_at: null });
    await audit(
      { actor: familyActor(who), db: trx, clock, source: who.source },
      { action: 'messages.reply', entity: 'message', entityId: id, details: { threadId: rootId } },
    );
    return id;
  });
}

/**
 * « Supprimer » in a thread: the family deletes (or restores) the whole conversation it is
 * reading, never one message of it; nothing is erased. Returns the conversation's id, or null
 * when the message is not this household's.
 */
export async function setDeletedByFamily(
  db: Knex,
  clock: Clock,
  who: FamilyActorRef,
  messageId: number,
  deleted: boolean,
  /** The newest message the page showed: one that arrived since is not deleted unseen. */
  upTo: number | null = null,
): Promise<number | null> {
  return db.transaction(async (trx) => {
    const opened = await trx('messages').where({ id: messageId, family_id: who.familyId }).first('id', 'parent_id');
    if (!opened) return null;
    const rootId = Number(opened.parent_id ?? opened.id);
    const thread = trx('messages')
      .where({ family_id: who.familyId })
      .where((w) => w.where('id', rootId).orWhere('parent_id', rootId));
    // Deleting keeps the date each message was first deleted; restoring brings every one back.
    if (deleted && upTo !== null) thread.where('id', '<=', upTo);
    const changed = deleted
      ? await thread.whereNull('deleted_by_family_at').update({ deleted_by_family_at: clock.now().toISOString() })
      : await thread.whereNotNull('deleted_by_family_at').update({ deleted_by_family_at: null });
    if (changed)
      await audit(
        { actor: familyActor(who), db: trx, clock, source: who.source },
        {
          action: deleted ? 'messages.delete' : 'messages.restore',
          entity: 'message',
          entityId: rootId,
          details: { messages: changed },
        },
      );
    return rootId;
  });
}

export async function insertAttachment(trx: Knex.Transaction, messageId: number, file: CheckedFile): Promise<void> {
  await trx('message_attachments').insert({
    message_id: messageId,
    filename: file.filename,
    mime_type: file.mimeType,
    size_bytes: file.content.length,
    content: file.content,
  });
}

/** A file joined to one of the family's own messages; null for anyone else's. */
export async function familyAttachment(db: Knex, familyId: number, messageId: number, attachmentId: number) {
  return db('message_attachments as a')
    .join('messages as m', 'm.id', 'a.message_id')
    .where({ 'a.id': attachmentId, 'a.message_id': messageId, 'm.family_id': familyId })
    .first('a.filename', 'a.mime_type', 'a.content');
}
