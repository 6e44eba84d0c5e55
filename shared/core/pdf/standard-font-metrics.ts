import { createRequire } from 'node:module';

/** What pdfkit's AFMFont fills from a font's metrics file (its own, private class). */
interface ParsedMetrics {
  attributes: Record<string, string>;
  glyphWidths: Record<string, number>;
  boundingBoxes: Record<string, unknown>;
  kernPairs: Record<string, number>;
}
interface AfmFont extends ParsedMetrics {
  parse(contents: string): void;
}
interface PdfKitDocument {
  font(name: string): PdfKitDocument;
  _font: { font: AfmFont };
}

let installed = false;

/**
 * pdfkit reads and parses the metrics of each standard font (Helvetica, Helvetica-Bold…) again
 * for every document: a third of an invoice PDF's layout time in the profile. The metrics never
 * change, so each file's parse is kept and shared, read-only, by the documents that follow.
 * pdfkit does not export the class; a first document hands it over.
 */
export function shareStandardFontMetrics(): void {
  if (installed) return;
  installed = true;
  const PDFDocument = createRequire(import.meta.url)('pdfkit') as new (options: object) => PdfKitDocument;
  const probe = new PDFDocument({ autoFirstPage: false }).font('Helvetica');
  const afmFont = Object.getPrototypeOf(probe._font.font) as AfmFont;
  const parse = afmFont.parse;
  const parsed = new Map<string, ParsedMetrics>();
  afmFont.parse = function parseOnce(this: AfmFont, contents: string) {
    let metrics = parsed.get(contents);
    if (!metrics) {
      parse.call(this, contents);
      metrics = {
        attributes: this.attributes,
        glyphWidths: this.glyphWidths,
        boundingBoxes: this.boundingBoxes,
        kernPairs: this.kernPairs,
      };
      parsed.set(contents, metrics);
      return;
    }
    Object.assign(this, metrics);
  };
}
