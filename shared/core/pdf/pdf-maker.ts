import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { DocumentDefinition } from 'pdfmake';

const require = createRequire(import.meta.url);
const fontsDir = path.dirname(require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'));

let configured = false;

/**
 * pdfmake set up once for the server: its own Roboto fonts, read from its package, and no
 * other file or URL (a document definition never makes the server fetch anything).
 */
function maker(): typeof pdfmake {
  if (!configured) {
    pdfmake.setFonts({
      Roboto: {
        normal: path.join(fontsDir, 'Roboto-Regular.ttf'),
        bold: path.join(fontsDir, 'Roboto-Medium.ttf'),
        italics: path.join(fontsDir, 'Roboto-Italic.ttf'),
        bolditalics: path.join(fontsDir, 'Roboto-MediumItalic.ttf'),
      },
    });
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((file: string) => path.resolve(file).startsWith(fontsDir + path.sep));
    configured = true;
  }
  return pdfmake;
}

/** A PDF file from a pdfmake document definition. */
export async function renderPdf(doc: DocumentDefinition): Promise<Buffer> {
  const buffer = await maker().createPdf({ defaultStyle: { font: 'Roboto', fontSize: 10 }, ...doc }).getBuffer();
  return Buffer.from(buffer);
}

/** « facture-AL-36.pdf »: a file name that says what the file is, safe in any header. */
export function pdfFileName(...parts: string[]): string {
  return `${parts.join('-').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').toLowerCase()}.pdf`;
}
