import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { shareStandardFontMetrics } from '../../shared/core/pdf/standard-font-metrics';

interface Doc {
  font(name: string): Doc;
  fontSize(size: number): Doc;
  widthOfString(text: string): number;
  currentLineHeight(): number;
}
const PDFDocument = createRequire(import.meta.url)('pdfkit') as new (options: object) => Doc;
const FACES = ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique'];
// Kerned pairs (AV, Wa, Te, « ») and accents: what the shared metrics must measure as pdfkit's own parse does.
const TEXT = 'AVAWAY Téléphone « Reste à payer » : 1 234,56 € — Cantine œuf';
const measure = () =>
  FACES.map((face) => {
    const doc = new PDFDocument({ autoFirstPage: false }).font(face).fontSize(10);
    return { face, width: doc.widthOfString(TEXT), lineHeight: doc.currentLineHeight() };
  });

describe('the standard fonts’ metrics, parsed once', () => {
  it('measure every face of every later document as pdfkit’s own parse did', () => {
    const ownParse = measure();
    shareStandardFontMetrics();
    const firstShared = measure(); // parses and keeps
    const fromShared = measure(); // reuses
    expect(firstShared).toEqual(ownParse);
    expect(fromShared).toEqual(ownParse);
    // Bold is wider than regular: each face keeps its own metrics, not the first one parsed.
    expect(fromShared[1]!.width).toBeGreaterThan(fromShared[0]!.width);
  });
});
