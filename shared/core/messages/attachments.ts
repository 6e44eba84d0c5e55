import { fileTypeFromBuffer } from 'file-type';
import { OperationError } from '../errors';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const ALLOWED = new Map([['application/pdf', 'pdf'], ['image/jpeg', 'jpg'], ['image/png', 'png']]);

export interface CheckedFile { filename: string; mimeType: string; content: Buffer }

/**
 * A file joined to a message or published as a document is judged by its bytes, never by its
 * name: a PDF or a photo (documents: PDF only), within the size limit.
 */
export async function checkUploadedFile(file: { filename: string; content: Buffer }, options: { field: string; what: string; pdfOnly?: boolean; maxBytes?: number }): Promise<CheckedFile> {
  const max = options.maxBytes ?? MAX_ATTACHMENT_BYTES;
  const fail = (message: string, field: string) => new OperationError('validation', message, { [options.field]: field });
  if (file.content.length === 0) throw fail(`${options.what} est vide.`, 'Fichier vide.');
  if (file.content.length > max) throw fail(`${options.what} dépasse ${Math.round(max / 1024 / 1024)} Mo.`, `Fichier trop volumineux (${Math.round(max / 1024 / 1024)} Mo au maximum).`);
  const type = await fileTypeFromBuffer(file.content);
  const accepted = type && ALLOWED.has(type.mime) && (!options.pdfOnly || type.mime === 'application/pdf');
  if (!type || !accepted) {
    throw options.pdfOnly
      ? fail(`${options.what} doit être un PDF : son contenu n’en est pas un, quel que soit son nom.`, 'Format refusé : PDF uniquement.')
      : fail(`${options.what} doit être un PDF ou une photo (JPEG, PNG) : son contenu n’en est pas un, quel que soit son nom.`, 'Format refusé : PDF, JPEG ou PNG uniquement.');
  }
  const base = file.filename.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N} _-]/gu, '').trim().slice(0, 80) || 'piece-jointe';
  return { filename: `${base}.${ALLOWED.get(type.mime)}`, mimeType: type.mime, content: file.content };
}
