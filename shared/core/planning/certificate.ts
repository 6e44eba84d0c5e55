import { checkUploadedFile, MAX_ATTACHMENT_BYTES, type CheckedFile } from '../files/checked-upload';

export const MAX_CERTIFICATE_BYTES = MAX_ATTACHMENT_BYTES;

export interface UploadedFile {
  filename: string;
  content: Buffer;
}

/** A certificate is a PDF or a photo, judged by its bytes, never by its name; 5 Mo at most. */
export function checkCertificate(file: UploadedFile): Promise<CheckedFile> {
  return checkUploadedFile(file, {
    field: 'certificat',
    what: 'Le certificat',
    fallbackName: 'certificat',
    maxBytes: MAX_CERTIFICATE_BYTES,
    emptyMessage: 'Le fichier du certificat est vide.',
    wrongTypeMessage: 'Le certificat doit être un PDF ou une photo (JPEG, PNG).',
  });
}
