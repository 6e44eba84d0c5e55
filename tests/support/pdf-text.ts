import { extractText, getDocumentProxy } from 'unpdf';

/**
 * The text of a PDF, page after page, one line per text run, read in JavaScript (unpdf, a
 * maintained build of Mozilla's pdf.js) so that the suite needs nothing from the system.
 */
export async function pdfText(bytes: Uint8Array | ArrayBuffer | Buffer): Promise<string> {
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // pdf.js takes the buffer over: give it a copy so the caller's bytes stay readable.
  const document = await getDocumentProxy(data.slice());
  try {
    const { text } = await extractText(document, { mergePages: false });
    return text.join('\n');
  } finally {
    await document.cleanup();
    await document.loadingTask.destroy();
  }
}
