import { addDays } from '../../domain/french-dates';
import { randomUUID } from 'node:crypto';
import { audit } from '../audit/audit-log';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import { queueStaffEmail } from '../mail/queue';
import { bool } from '../families/presenter';
import { portalBaseUrl } from '../accounts/portal-tokens';
import { insertId } from '../../db/insert-id';
import { foldForSearch } from '../../domain/search-text';
import type { z } from '../../contracts/zod-fr';
import type {
  attachmentInput,
  bulkMessageInput,
  BulkRecipients,
  bulkRecipientsInput,
  ThreadDetail,
  ThreadRow,
  ThreadsPage,
  threadHandledInput,
  threadReplyInput,
  threadsListInput,
  writeToFamilyInput,
} from '../../contracts/messages';
import { checkUploadedFile } from '../files/checked-upload';
import { insertAttachment, replySubject } from './family-messaging';
import { responsableOf } from '../families/responsable-join';

const responsable = responsableOf('f.id');

/**
 * The structures' inbox: one row per thread (its first message), unread first, then the most
 * recent activity; counts come from grouped subqueries, one query per page.
 */
export async function listThreads(ctx: StaffCtx, input: z.infer<typeof threadsListInput>): Promise<ThreadsPage> {
  const db = ctx.db;
  const stats = db('messages')
    .select(db.raw('coalesce(parent_id, id) as root_id'))
    .count({ messages: '*' })
    .max({ last_at: 'created_at' })
    .select(db.raw("sum(case when direction = 'from_family' and read_by_staff_at is null then 1 else 0 end) as unread"))
    .groupByRaw('coalesce(parent_id, id)')
    .as('t');
  const base = db('messages as r')
    .join(stats, 't.root_id', 'r.id')
    .join('families as f', 'f.id', 'r.family_id')
    .leftJoin('family_adults as a', responsable)
    .leftJoin('structures as s', 's.id', 'r.structure_id')
    .whereNull('r.parent_id');
  if (input.structureId === 'mairie') base.whereNull('r.structure_id');
  else if (input.structureId) base.where('r.structure_id', input.structureId);
  if (input.status === 'unread') base.where('t.unread', '>', 0);
  if (input.status === 'open') base.whereNull('r.handled_at');
  if (input.search) {
    const folded = foldForSearch(input.search).replace(/[\\%_]/g, (c) => `\\${c}`);
    base.whereRaw("f.search_text like ? escape '\\'", [`%${folded}%`]);
  }
  const total = Number((await base.clone().count<{ n: number }[]>({ n: '*' }).first())?.n ?? 0);
  const rows = await base
    .clone()
    .orderByRaw('case when t.unread > 0 then 0 else 1 end')
    .orderBy('t.last_at', 'desc')
    .orderBy('r.id', 'desc')
    .offset(input.page * input.pageSize)
    .limit(input.pageSize)
    .select(
      'r.id',
      'r.family_id',
      'f.family_number',
      'a.last_name',
      'a.first_name',
      's.name as structure_name',
      'r.subject',
      'r.handled_at',
      't.last_at',
      't.messages',
      't.unread',
    );
  return {
    total,
    rows: rows.map(
      (r): ThreadRow => ({
        id: r.id,
        familyId: r.family_id,
        familyNumber: r.family_number,
        familyName: [r.last_name, r.first_name].filter(Boolean).join(' '),
        structure: r.structure_name ?? 'Mairie',
        subject: r.subject,
        lastAt: r.last_at,
        messages: Number(r.messages),
        unread: Number(r.unread),
        handled: Boolean(r.handled_at),
      }),
    ),
  };
}

/** A thread as the agent reads it; what the family wrote is marked read by the structure. */
export async function threadDetail(ctx: StaffCtx, threadId: number): Promise<ThreadDetail> {
  const db = ctx.db;
  const root = await db('messages as r')
    .join('families as f', 'f.id', 'r.family_id')
    .leftJoin('family_adults as a', responsable)
    .leftJoin('structures as s', 's.id', 'r.structure_id')
    .where('r.id', threadId)
    .whereNull('r.parent_id')
    .first('r.id', 'r.family_id', 'f.family_number', 'a.last_name', 'a.first_name', 's.name as structure_name', 'r.handled_at');
  if (!root) throw new OperationError('not_found', 'Conversation introuvable.');
  await db('messages')
    .where((w) => w.where('id', threadId).orWhere('parent_id', threadId))
    .where({ direction: 'from_family' })
    .whereNull('read_by_staff_at')
    .update({ read_by_staff_at: ctx.clock.now().toISOString() });
  const messages = await db('messages as m')
    .leftJoin('staff_users as u', 'u.id', 'm.sender_staff_id')
    .where((w) => w.where('m.id', threadId).orWhere('m.parent_id', threadId))
    .orderBy([{ column: 'm.created_at' }, { column: 'm.id' }])
    .select(
      'm.id',
      'm.direction',
      'm.subject',
      'm.body',
      'm.created_at',
      'm.read_by_family_at',
      'm.read_by_staff_at',
      'm.deleted_by_family_at',
      'u.display_name',
    );
  const attachments = messages.length
    ? await db('message_attachments')
        .whereIn(
          'message_id',
          messages.map((m) => m.id),
        )
        .select('id', 'message_id', 'filename', 'mime_type', 'size_bytes')
    : [];
  const familyName = [root.last_name, root.first_name].filter(Boolean).join(' ');
  return {
    id: root.id,
    familyId: root.family_id,
    familyNumber: root.family_number,
    familyName,
    structure: root.structure_name ?? 'Mairie',
    handled: Boolean(root.handled_at),
    messages: messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      subject: m.subject,
      body: m.body,
      createdAt: m.created_at,
      author: m.direction === 'from_family' ? familyName : (m.display_name ?? 'La commune'),
      readByFamilyAt: m.read_by_family_at ?? null,
      readByStaffAt: m.read_by_staff_at ?? null,
      deletedByFamily: Boolean(m.deleted_by_family_at),
      attachments: attachments
        .filter((a) => a.message_id === m.id)
        .map((a) => ({ id: a.id, filename: a.filename, mimeType: a.mime_type, sizeBytes: Number(a.size_bytes) })),
    })),
  };
}

async function checkedAttachment(file: z.infer<typeof attachmentInput> | undefined) {
  if (!file) return undefined;
  return checkUploadedFile(
    { filename: file.filename, content: Buffer.from(file.base64, 'base64') },
    { field: 'attachment', what: 'La pièce jointe' },
  );
}

/** « Autorisation courriel »: a family that accepts e-mail is told a message is waiting on the portal. */
export async function notifyByEmail(ctx: StaffCtx, familyIds: number[], subject: string): Promise<number> {
  if (!familyIds.length) return 0;
  const commune = await ctx.db('commune_settings').where({ id: 1 }).first('name');
  const url = await portalBaseUrl(ctx.db, ctx.portalBaseUrl);
  let sent = 0;
  for (let i = 0; i < familyIds.length; i += 500) {
    const adults = await ctx
      .db('family_adults')
      .whereIn('family_id', familyIds.slice(i, i + 500))
      .where({ role: 'responsable' })
      .select('email', 'email_allowed', 'first_name', 'last_name');
    for (const adult of adults) {
      if (!adult.email || !bool(adult.email_allowed)) continue;
      await queueStaffEmail(ctx, {
        to: adult.email,
        subject: `${commune?.name ?? 'Portail Famille'} : nouveau message — ${subject}`.slice(0, 200),
        text: `Bonjour ${adult.first_name} ${adult.last_name},\n\nVous avez reçu un message « ${subject} » sur le Portail Famille.\nPour le lire, connectez-vous : ${url}/boite-de-reception\n\nCe courriel vous est envoyé parce que vous avez accepté d’être prévenu par courriel.\n${commune?.name ?? ''}`,
      });
      sent += 1;
    }
  }
  return sent;
}

/** An agent answers a thread: the family sees it in « Messages reçus » and the thread is handled. */
export async function replyToThread(ctx: StaffCtx, input: z.infer<typeof threadReplyInput>): Promise<ThreadDetail> {
  const root = await ctx
    .db('messages')
    .where({ id: input.threadId })
    .whereNull('parent_id')
    .first('id', 'family_id', 'structure_id', 'subject');
  if (!root) throw new OperationError('not_found', 'Conversation introuvable.');
  const attachment = await checkedAttachment(input.attachment);
  const at = ctx.clock.now().toISOString();
  const id = await insertId(ctx.db, 'messages', {
    family_id: root.family_id,
    structure_id: root.structure_id,
    parent_id: root.id,
    direction: 'to_family',
    subject: replySubject(root.subject),
    body: input.body,
    sender_staff_id: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    created_at: at,
  });
  if (attachment) await insertAttachment(ctx.db, id, attachment);
  await ctx.db('messages').where({ id: root.id }).update({ handled_at: at });
  await audit(ctx, { action: 'messages.reply', entity: 'message', entityId: id, details: { threadId: root.id, familyId: root.family_id } });
  await notifyByEmail(ctx, [root.family_id], replySubject(root.subject));
  return threadDetail(ctx, root.id);
}

export async function setThreadHandled(ctx: StaffCtx, input: z.infer<typeof threadHandledInput>): Promise<ThreadDetail> {
  const changed = await ctx
    .db('messages')
    .where({ id: input.threadId })
    .whereNull('parent_id')
    .update({ handled_at: input.handled ? ctx.clock.now().toISOString() : null });
  if (!changed) throw new OperationError('not_found', 'Conversation introuvable.');
  await audit(ctx, { action: input.handled ? 'messages.handled' : 'messages.reopened', entity: 'message', entityId: input.threadId });
  return threadDetail(ctx, input.threadId);
}

/** An agent writes to one family. */
export async function writeToFamily(ctx: StaffCtx, input: z.infer<typeof writeToFamilyInput>): Promise<ThreadDetail> {
  if (!(await ctx.db('families').where({ id: input.familyId }).first('id'))) throw new OperationError('not_found', 'Famille introuvable.');
  if (input.structureId !== null && !(await ctx.db('structures').where({ id: input.structureId }).first('id')))
    throw new OperationError('validation', 'Structure inconnue.', { structureId: 'Structure inconnue.' });
  const attachment = await checkedAttachment(input.attachment);
  const at = ctx.clock.now().toISOString();
  const id = await insertId(ctx.db, 'messages', {
    family_id: input.familyId,
    structure_id: input.structureId,
    direction: 'to_family',
    subject: input.subject,
    body: input.body,
    sender_staff_id: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    handled_at: at,
    created_at: at,
  });
  if (attachment) await insertAttachment(ctx.db, id, attachment);
  await audit(ctx, { action: 'messages.write', entity: 'message', entityId: id, details: { familyId: input.familyId } });
  await notifyByEmail(ctx, [input.familyId], input.subject);
  return threadDetail(ctx, id);
}

/**
 * The families with a child enrolled in the service, or in any service of the structure, at some
 * time during the period (today when none is given): an enrolment overlapping it counts.
 */
function recipientsQuery(ctx: StaffCtx, input: Pick<z.infer<typeof bulkMessageInput>, 'target' | 'enrolledDuring'>) {
  const now = today(ctx.clock);
  const from = input.enrolledDuring?.from ?? now;
  const to = input.enrolledDuring?.to ?? now;
  // As far back as a message may look (two school years), as far ahead as enrolments are taken.
  if (from < addDays(now, -731)) {
    throw new OperationError('validation', 'Saisie invalide.', { 'enrolledDuring.from': 'Deux ans en arrière au plus.' });
  }
  if (to > addDays(now, 366)) throw new OperationError('validation', 'Saisie invalide.', { 'enrolledDuring.to': 'Un an à venir au plus.' });
  const query = ctx
    .db('enrolments as e')
    .join('children as c', 'c.id', 'e.child_id')
    .join('services as s', 's.id', 'e.service_id')
    // An enrolment ended early keeps its real end date: over a past period it counts as well.
    .whereIn('e.status', ['active', 'ended'])
    .where('e.starts_on', '<=', to)
    .where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>=', from))
    .whereNull('c.archived_at');
  if ('serviceId' in input.target) query.where('e.service_id', input.target.serviceId);
  else query.where('s.structure_id', input.target.structureId);
  return query;
}

/** Before sending: how many families a bulk message reaches, and the first of them by name. */
export async function bulkRecipients(ctx: StaffCtx, input: z.infer<typeof bulkRecipientsInput>): Promise<BulkRecipients> {
  const count = await ctx.db
    .from(recipientsQuery(ctx, input).distinct('c.family_id').as('r'))
    .count<{ n: number | string }[]>({ n: '*' })
    .first();
  const sample = await ctx.db
    .from(recipientsQuery(ctx, input).distinct('c.family_id').as('r'))
    .join('family_adults as a', function responsable() {
      this.on('a.family_id', '=', 'r.family_id').andOnVal('a.role', '=', 'responsable');
    })
    .orderBy(['a.last_name', 'a.first_name'])
    .limit(10)
    .select('a.last_name', 'a.first_name');
  return { count: Number(count?.n ?? 0), sample: sample.map((r) => `${r.last_name} ${r.first_name}`) };
}

export async function sendBulkMessage(
  ctx: StaffCtx,
  input: z.infer<typeof bulkMessageInput>,
): Promise<{ families: number; emails: number; bulkId: string }> {
  if (input.sendKey) {
    // The first call to record the key sends; a second (double click, second window) waits for
    // it on the key's row and answers what it sent.
    const claimed = await ctx
      .db('bulk_message_sends')
      .insert({ send_key: input.sendKey, created_at: ctx.clock.now().toISOString() })
      .onConflict('send_key')
      .ignore()
      .returning('send_key');
    if (!claimed.length) {
      const done = await ctx.db('bulk_message_sends').where({ send_key: input.sendKey }).first('bulk_id', 'families', 'emails');
      return { families: Number(done?.families ?? 0), emails: Number(done?.emails ?? 0), bulkId: String(done?.bulk_id ?? '') };
    }
  }
  const familyIds = (await recipientsQuery(ctx, input).distinct('c.family_id').orderBy('c.family_id')).map((r) => Number(r.family_id));
  if (!familyIds.length) {
    const when = input.enrolledDuring ? 'pendant cette période' : 'aujourd’hui';
    throw new OperationError('validation', `Aucune famille n’a d’enfant inscrit à cette prestation ${when}.`);
  }
  const bulkId = randomUUID();
  const at = ctx.clock.now().toISOString();
  const rows = familyIds.map((familyId) => ({
    family_id: familyId,
    structure_id: input.senderStructureId,
    direction: 'to_family',
    subject: input.subject,
    body: input.body,
    sender_staff_id: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    bulk_id: bulkId,
    handled_at: at,
    created_at: at,
  }));
  for (let i = 0; i < rows.length; i += 300) await ctx.db('messages').insert(rows.slice(i, i + 300));
  const emails = await notifyByEmail(ctx, familyIds, input.subject);
  await audit(ctx, {
    action: 'messages.bulk',
    entity: 'bulk_message',
    entityId: bulkId,
    details: { target: input.target, enrolledDuring: input.enrolledDuring, families: familyIds.length, emails },
  });
  if (input.sendKey)
    await ctx.db('bulk_message_sends').where({ send_key: input.sendKey }).update({ bulk_id: bulkId, families: familyIds.length, emails });
  return { families: familyIds.length, emails, bulkId };
}

/** Unread family messages per structure (null: the mairie), for the back-office's badge. */
export async function unreadByStructure(ctx: StaffCtx): Promise<Array<{ structureId: number | null; unread: number }>> {
  const rows: Array<{ structure_id: number | null; n: number | string }> = await ctx
    .db('messages')
    .where({ direction: 'from_family' })
    .whereNull('read_by_staff_at')
    .groupBy('structure_id')
    .select('structure_id', ctx.db.raw('count(*) as n'));
  return rows.map((r) => ({ structureId: r.structure_id ?? null, unread: Number(r.n) }));
}

export async function staffAttachment(ctx: StaffCtx, id: number): Promise<{ filename: string; mimeType: string; base64: string }> {
  const row = await ctx.db('message_attachments').where({ id }).first('filename', 'mime_type', 'content');
  if (!row) throw new OperationError('not_found', 'Pièce jointe introuvable.');
  return { filename: row.filename, mimeType: row.mime_type, base64: Buffer.from(row.content).toString('base64') };
}
