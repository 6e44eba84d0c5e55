import { fileTypeFromBuffer } from 'file-type';
import { OperationError } from '../errors';

export const MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024;
const ALLOWED = new Map([['application/pdf', 'pdf'], ['image/jpeg', 'jpg'], ['image/png', 'png']]);

export interface UploadedFile {
  filename: string;
  content: Buffer;
}

/** A certificate is a PDF or a photo, judged by its bytes, never by its name; 5 Mo at most. */
export async function checkCertificate(file: UploadedFile): Promise<{ filename: string; mimeType: string; content: Buffer }> {
  if (file.content.length === 0) throw new OperationError('validation', 'Le fichier du certificat est vide.', { certificat: 'Fichier vide.' });
  if (file.content.length > MAX_CERTIFICATE_BYTES) throw new OperationError('validation', 'Le certificat dépasse 5 Mo.', { certificat: 'Fichier trop volumineux (5 Mo au maximum).' });
  const type = await fileTypeFromBuffer(file.content);
  if (!type || !ALLOWED.has(type.mime)) {
    throw new OperationError('validation', 'Le certificat doit être un PDF ou une photo (JPEG, PNG).', { certificat: 'Format refusé : PDF, JPEG ou PNG uniquement.' });
  }
  const base = file.filename.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N} _-]/gu, '').slice(0, 80) || 'certificat';
  return { filename: `${base}.${ALLOWED.get(type.mime)}`, mimeType: type.mime, content: file.content };
}
