import { saveFile } from '../messages/file-input';

/** Opens a PDF made by the server (base64 over IPC or HTTP) as a file the agent can print or keep. */
export function savePdf(file: { fileName: string; base64: string }): void {
  saveFile({ filename: file.fileName, mimeType: 'application/pdf', base64: file.base64 });
}

export const euros = (cents: number) => `${(cents / 100).toFixed(2)} €`;
export const shortDate = (iso: string) => iso.split('-').reverse().join('/');
