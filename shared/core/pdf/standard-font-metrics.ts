import { createRequire } from 'node:module';

/** What pdfkit's AFMFont fills from a font's metrics file (its own, private class). */
interface ParsedMetrics {
  attributes: Record<string, string>;
  glyphWidths: Record<string, number>;
  boundingBoxes: Record<string, unknown>;
  kernPairs: Record<string, number>;
  kernIndex?: Map<string, Map<string, number>>;
}

/** pdfkit keys a pair « left\0right »; looked up by two maps, no string is built per character. */
function kernIndexOf(kernPairs: Record<string, number>): Map<string, Map<string, number>> {
  const index = new Map<string, Map<string, number>>();
  for (const [pair, value] of Object.entries(kernPairs)) {
    const [left, right] = pair.split('\0') as [string, string];
    let rights = index.get(left);
    if (!rights) {
      rights = new Map();
      index.set(left, rights);
    }
    rights.set(right, value);
  }
  return index;
}
interface AfmFont extends ParsedMetrics {
  parse(contents: string): void;
  getKernPair(left: string, right: string): number;
  /** Ours: the kerning pairs by left glyph, then right glyph. */
  kernIndex?: Map<string, Map<string, number>>;
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
 * pdfkit does not export the class; a first document hands it over. The kerning of each pair
 * of characters, looked up by a string built for the pair, was then 7 % of a PDF worker's time:
 * the pairs are indexed by glyph once, with the metrics.
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
        kernIndex: kernIndexOf(this.kernPairs),
      };
      parsed.set(contents, metrics);
      this.kernIndex = metrics.kernIndex;
      return;
    }
    Object.assign(this, metrics);
  };
  const getKernPair = afmFont.getKernPair;
  afmFont.getKernPair = function indexedKernPair(this: AfmFont, left: string, right: string) {
    if (!this.kernIndex) return getKernPair.call(this, left, right);
    return this.kernIndex.get(left)?.get(right) ?? 0;
  };
}
