import pdfmake from 'pdfmake';
import type { DocumentDefinition } from 'pdfmake';

/**
 * The PDF's standard Helvetica faces: every PDF reader has them, nothing is embedded (small
 * files, no font parsing per document), and their WinAnsi encoding covers French (é, œ, «, €, —).
 */
const HELVETICA = { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' };
const STANDARD_FACES = new Set(Object.values(HELVETICA));

let configured = false;

/**
 * pdfmake set up once for the server: the standard fonts only, and no file or URL at all (a
 * document definition never makes the server read or fetch anything).
 */
function maker(): typeof pdfmake {
  if (!configured) {
    pdfmake.setFonts({ Helvetica: HELVETICA });
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((file: string) => STANDARD_FACES.has(file));
    configured = true;
  }
  return pdfmake;
}

/** A PDF file from a pdfmake document definition. */
export async function renderPdf(doc: DocumentDefinition): Promise<Buffer> {
  const defaultStyle = { fontSize: 10, ...(doc.defaultStyle ?? {}), font: 'Helvetica' };
  const buffer = await maker().createPdf({ ...doc, defaultStyle }).getBuffer();
  return Buffer.from(buffer);
}

/** « facture-AL-36.pdf »: a file name that says what the file is, safe in any header. */
export function pdfFileName(...parts: string[]): string {
  return `${parts.join('-').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').toLowerCase()}.pdf`;
}
