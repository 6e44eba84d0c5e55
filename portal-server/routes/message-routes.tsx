import Router from '@koa/router';
import type { Context } from 'koa';
import { familyMessageInput, familyReplyInput } from '../../shared/contracts/messages';
import { OperationError } from '../../shared/core/errors';
import { portalHeader } from '../../shared/core/home/household-header';
import { sessionHeader } from './page-header';
import { checkUploadedFile, MAX_ATTACHMENT_BYTES, type CheckedFile } from '../../shared/core/files/checked-upload';
import { familyConversationSubject, familyInbox } from '../../shared/core/messages/family-inbox';
import {
  familyAttachment,
  familyThread,
  messageRecipients,
  replyAsFamily,
  sendFamilyMessage,
  setDeletedByFamily,
  type FamilyActorRef,
} from '../../shared/core/messages/family-messaging';
import { InboxPage, NewMessagePage, ThreadPage, type MessageFormErrors } from '../views/inbox-page';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';
import { sourceOf } from '../security';
import { requireCsrf, requireFamily } from './guards';
import { singleFileUpload, utf8FileName } from './uploads';
import { familyNotFound, idParam } from './family-not-found';

type PortalContext = Context & { state: PortalState; params: Record<string, string> };

const attachmentUpload = singleFileUpload('piece', MAX_ATTACHMENT_BYTES, 'La pièce jointe dépasse 5 Mo');

/** Zod's first message per field, keyed as the form names them. */
function formErrors(
  issues: Array<{ path: PropertyKey[]; message: string }>,
  names: Record<string, keyof MessageFormErrors>,
): MessageFormErrors {
  const errors: MessageFormErrors = {};
  for (const issue of issues) {
    const key = names[String(issue.path[0])];
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}

/** The uploaded file, checked by its bytes; an OperationError says why it is refused. */
async function uploadedAttachment(ctx: Context): Promise<CheckedFile | undefined> {
  const upload = (ctx.request as { file?: { originalname: string; buffer: Buffer } }).file;
  if (!upload || upload.buffer.length === 0) return undefined;
  return checkUploadedFile(
    { filename: utf8FileName(upload.originalname), content: upload.buffer },
    { field: 'piece', what: 'La pièce jointe' },
  );
}

/** « Boîte de réception »: write to a structure, read a thread, answer, delete and restore. */
export function messageRoutes(deps: PortalDeps): Router<PortalState> {
  const { db, reader, clock } = deps; // opening a thread marks it read: the writer
  const router = new Router<PortalState>();
  const who = (ctx: PortalContext): FamilyActorRef => {
    const { actor } = ctx.state.session!;
    return { familyId: actor.familyId, accountId: actor.accountId, login: actor.login, source: sourceOf(ctx) };
  };
  const header = (ctx: PortalContext) => sessionHeader(ctx, clock);
  const notFound = (ctx: PortalContext) => familyNotFound(deps, ctx, 'Ce message');

  router.get('/boite-de-reception', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const notice = typeof ctx.query.fait === 'string' ? ctx.query.fait : undefined;
    // The notice names the conversation from the database, never from the URL.
    const conversationId = idParam(String(ctx.query.conversation ?? ''));
    const subject = conversationId === null ? null : await familyConversationSubject(reader, actor.familyId, conversationId);
    ctx.body = renderPage(
      <InboxPage
        header={header(ctx)}
        csrfToken={csrfToken}
        inbox={await familyInbox(reader, actor.familyId)}
        notice={notice}
        subject={subject ?? undefined}
      />,
    );
  });

  router.get('/boite-de-reception/nouveau', requireFamily, async (ctx) => {
    ctx.body = renderPage(
      <NewMessagePage header={header(ctx)} csrfToken={ctx.state.session!.csrfToken} recipients={await messageRecipients(reader)} />,
    );
  });

  router.post('/boite-de-reception', requireFamily, attachmentUpload, requireCsrf, async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const values = { structure: String(body.structure ?? ''), subject: String(body.subject ?? ''), body: String(body.body ?? '') };
    const again = async (errors: MessageFormErrors, error = 'Le message n’est pas envoyé : corrigez ce qui est indiqué.') => {
      ctx.status = 400;
      ctx.body = renderPage(
        <NewMessagePage
          header={header(ctx)}
          csrfToken={ctx.state.session!.csrfToken}
          recipients={await messageRecipients(reader)}
          values={values}
          errors={errors}
          error={error}
        />,
      );
    };
    const structureId = values.structure === 'mairie' ? null : idParam(values.structure);
    if (values.structure !== 'mairie' && structureId === null) return again({ structure: 'Choisissez à qui écrire.' });
    const parsed = familyMessageInput.safeParse({ structureId, subject: values.subject, body: values.body });
    if (!parsed.success) return again(formErrors(parsed.error.issues, { subject: 'subject', body: 'body', structureId: 'structure' }));
    try {
      const attachment = await uploadedAttachment(ctx);
      const id = await sendFamilyMessage(db, clock, who(ctx), { ...parsed.data, attachment });
      ctx.redirect(`/boite-de-reception?fait=envoye#message-${id}`);
    } catch (error) {
      if (error instanceof OperationError)
        return again(
          {
            ...(error.fields?.piece ? { piece: error.fields.piece } : {}),
            ...(error.fields?.structure ? { structure: error.fields.structure } : {}),
          },
          error.message,
        );
      throw error;
    }
  });

  const renderThread = async (
    ctx: PortalContext,
    id: number,
    extra: { errors?: MessageFormErrors; error?: string; body?: string } = {},
  ) => {
    const thread = await familyThread(db, clock, ctx.state.session!.actor.familyId, id);
    if (!thread) return notFound(ctx);
    if (extra.error) ctx.status = 400;
    // Opening the thread has just marked it read: the header's count is read again.
    ctx.body = renderPage(
      <ThreadPage
        header={await portalHeader(reader, clock, ctx.state.session!.actor.familyId)}
        csrfToken={ctx.state.session!.csrfToken}
        thread={thread}
        {...extra}
      />,
    );
  };

  router.get('/messages/:id', requireFamily, async (ctx) => {
    const id = idParam(ctx.params.id);
    return id === null ? notFound(ctx) : renderThread(ctx, id);
  });

  router.post('/messages/:id/repondre', requireFamily, attachmentUpload, requireCsrf, async (ctx) => {
    const id = idParam(ctx.params.id);
    if (id === null) return notFound(ctx);
    const body = String(((ctx.request.body ?? {}) as Record<string, unknown>).body ?? '');
    const parsed = familyReplyInput.safeParse({ body });
    if (!parsed.success)
      return renderThread(ctx, id, {
        errors: formErrors(parsed.error.issues, { body: 'body' }),
        error: 'La réponse n’est pas envoyée : elle est vide.',
        body,
      });
    try {
      const attachment = await uploadedAttachment(ctx);
      const replyId = await replyAsFamily(db, clock, who(ctx), id, { body: parsed.data.body, attachment });
      if (replyId === null) return notFound(ctx);
      ctx.redirect(`/messages/${replyId}`);
    } catch (error) {
      if (error instanceof OperationError)
        return renderThread(ctx, id, { errors: { piece: error.fields?.piece }, error: error.message, body });
      throw error;
    }
  });

  for (const [action, deleted] of [
    ['supprimer', true],
    ['restaurer', false],
  ] as const) {
    router.post(`/messages/:id/${action}`, requireFamily, requireCsrf, async (ctx) => {
      const id = idParam(ctx.params.id);
      const upTo = idParam(String(((ctx.request.body ?? {}) as Record<string, unknown>).jusqua ?? ''));
      const conversationId = id === null ? null : await setDeletedByFamily(db, clock, who(ctx), id, deleted, upTo);
      if (conversationId === null) return notFound(ctx);
      ctx.redirect(`/boite-de-reception?fait=${deleted ? 'supprime' : 'restaure'}&conversation=${conversationId}`);
    });
  }

  router.get('/messages/:id/pieces/:attachment', requireFamily, async (ctx) => {
    const [id, attachmentId] = [idParam(ctx.params.id), idParam(ctx.params.attachment)];
    const file =
      id !== null && attachmentId !== null ? await familyAttachment(reader, ctx.state.session!.actor.familyId, id, attachmentId) : null;
    if (!file) return notFound(ctx);
    ctx.type = file.mime_type;
    ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = Buffer.from(file.content);
  });

  return router;
}
