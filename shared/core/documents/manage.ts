import { audit } from '../audit/audit-log';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import { bool } from '../families/presenter';
import { insertId } from '../../db/insert-id';
import type { z } from '../../contracts/zod-fr';
import type { documentCreateInput, documentUpdateInput, DocumentView } from '../../contracts/documents';
import { checkUploadedFile } from '../files/checked-upload';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Every document, published or not, in the order families see them. */
export async function listDocuments(ctx: StaffCtx): Promise<DocumentView[]> {
  const rows = await ctx
    .db('documents')
    .orderBy(['category', 'position', 'id'])
    .select('id', 'title', 'category', 'kind', 'url', 'filename', 'size_bytes', 'position', 'visible', 'published_from', 'published_to');
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    category: r.category,
    kind: r.kind,
    url: r.url ?? null,
    filename: r.filename ?? null,
    sizeBytes: r.size_bytes ?? null,
    position: Number(r.position),
    visible: bool(r.visible),
    publishedFrom: r.published_from ?? null,
    publishedTo: r.published_to ?? null,
  }));
}

/** Publishes a PDF (checked by its bytes, 10 Mo at most) or a web link. */
export async function createDocument(ctx: StaffCtx, input: z.infer<typeof documentCreateInput>): Promise<DocumentView[]> {
  const at = ctx.clock.now().toISOString();
  const common = {
    title: input.title,
    category: input.category,
    position: input.position,
    visible: input.visible,
    published_from: input.publishedFrom,
    published_to: input.publishedTo,
    created_at: at,
    updated_at: at,
  };
  let id: number;
  if (input.kind === 'file') {
    const file = await checkUploadedFile(
      { filename: input.file.filename, content: Buffer.from(input.file.base64, 'base64') },
      { field: 'file', what: 'Le document', pdfOnly: true, maxBytes: MAX_DOCUMENT_BYTES },
    );
    id = await insertId(ctx.db, 'documents', {
      ...common,
      kind: 'file',
      filename: file.filename,
      mime_type: file.mimeType,
      size_bytes: file.content.length,
      content: file.content,
    });
  } else {
    id = await insertId(ctx.db, 'documents', { ...common, kind: 'link', url: input.url });
  }
  await audit(ctx, { action: 'documents.create', entity: 'document', entityId: id, details: { title: input.title, kind: input.kind } });
  return listDocuments(ctx);
}

export async function updateDocument(ctx: StaffCtx, input: z.infer<typeof documentUpdateInput>): Promise<DocumentView[]> {
  const changed = await ctx.db('documents').where({ id: input.id }).update({
    title: input.title,
    category: input.category,
    position: input.position,
    visible: input.visible,
    published_from: input.publishedFrom,
    published_to: input.publishedTo,
    updated_at: ctx.clock.now().toISOString(),
  });
  if (!changed) throw new OperationError('not_found', 'Document introuvable.');
  await audit(ctx, { action: 'documents.update', entity: 'document', entityId: input.id, details: { ...input } });
  return listDocuments(ctx);
}

export async function removeDocument(ctx: StaffCtx, id: number): Promise<DocumentView[]> {
  const row = await ctx.db('documents').where({ id }).first('title');
  if (!row) throw new OperationError('not_found', 'Document introuvable.');
  await ctx.db('documents').where({ id }).delete();
  await audit(ctx, { action: 'documents.remove', entity: 'document', entityId: id, details: { title: row.title } });
  return listDocuments(ctx);
}
