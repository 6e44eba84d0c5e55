import pdfmake from 'pdfmake';
import type { DocumentDefinition } from 'pdfmake';
import { shareStandardFontMetrics } from './standard-font-metrics';

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
    shareStandardFontMetrics();
    configured = true;
  }
  return pdfmake;
}

/**
 * A document as plain data, so that it can be sent to a worker thread: pdfmake's definition
 * without functions — the footer is `pageFooter`, printed centred with « — page N / M ».
 */
export interface PdfSpec {
  content: DocumentDefinition['content'];
  info?: Record<string, string>;
  pageSize?: string;
  pageMargins?: number[];
  defaultStyle?: Record<string, unknown>;
  styles?: Record<string, Record<string, unknown>>;
  pageFooter?: string;
}

/** Lays the document out and writes it, in the calling thread (the PDF workers' own work). */
export async function renderPdfHere(spec: PdfSpec): Promise<Uint8Array> {
  const { pageFooter, ...doc } = spec;
  const defaultStyle = { fontSize: 10, ...(doc.defaultStyle ?? {}), font: 'Helvetica' };
  const footer =
    pageFooter === undefined
      ? undefined
      : (page: number, pages: number) => ({
          text: `${pageFooter} — page ${page} / ${pages}`,
          alignment: 'center',
          fontSize: 8,
          color: '#333333',
        });
  const buffer = await maker()
    .createPdf({ ...doc, defaultStyle, ...(footer ? { footer } : {}) })
    .getBuffer();
  return buffer;
}

/** « facture-AL-36.pdf »: a file name that says what the file is, safe in any header. */
export function pdfFileName(...parts: string[]): string {
  return `${parts
    .join('-')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()}.pdf`;
}
