import { fileTypeFromBuffer } from 'file-type';
import { OperationError } from '../errors';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const ALLOWED = new Map([
  ['application/pdf', 'pdf'],
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
]);

export interface CheckedFile {
  filename: string;
  mimeType: string;
  content: Buffer;
}

export interface UploadCheck {
  /** The form field the errors are shown next to. */
  field: string;
  /** « La pièce jointe », « Le document », « Le certificat »: the subject of the messages. */
  what: string;
  pdfOnly?: boolean;
  maxBytes?: number;
  /** The stored name when the original has nothing usable left. */
  fallbackName?: string;
  /** Messages a form already words its own way. */
  emptyMessage?: string;
  wrongTypeMessage?: string;
}

/**
 * Every file a family or an agent sends (a message's attachment, a published document, a
 * medical certificate) is judged by its bytes, never by its name: a PDF or a photo (or a PDF
 * only), within the size limit, stored under a clean name with the right extension.
 */
export async function checkUploadedFile(file: { filename: string; content: Buffer }, options: UploadCheck): Promise<CheckedFile> {
  const max = options.maxBytes ?? MAX_ATTACHMENT_BYTES;
  const fail = (message: string, field: string) => new OperationError('validation', message, { [options.field]: field });
  if (file.content.length === 0) throw fail(options.emptyMessage ?? `${options.what} est vide.`, 'Fichier vide.');
  if (file.content.length > max)
    throw fail(
      `${options.what} dépasse ${Math.round(max / 1024 / 1024)} Mo.`,
      `Fichier trop volumineux (${Math.round(max / 1024 / 1024)} Mo au maximum).`,
    );
  const type = await fileTypeFromBuffer(file.content);
  const accepted = type && ALLOWED.has(type.mime) && (!options.pdfOnly || type.mime === 'application/pdf');
  if (!type || !accepted) {
    if (options.wrongTypeMessage)
      throw fail(
        options.wrongTypeMessage,
        options.pdfOnly ? 'Format refusé : PDF uniquement.' : 'Format refusé : PDF, JPEG ou PNG uniquement.',
      );
    throw options.pdfOnly
      ? fail(`${options.what} doit être un PDF : son contenu n’en est pas un, quel que soit son nom.`, 'Format refusé : PDF uniquement.')
      : fail(
          `${options.what} doit être un PDF ou une photo (JPEG, PNG) : son contenu n’en est pas un, quel que soit son nom.`,
          'Format refusé : PDF, JPEG ou PNG uniquement.',
        );
  }
  const base =
    file.filename
      .replace(/\.[^.]*$/, '')
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .trim()
      .slice(0, 80) ||
    options.fallbackName ||
    'piece-jointe';
  return { filename: `${base}.${ALLOWED.get(type.mime)}`, mimeType: type.mime, content: file.content };
}
