import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text';

// The built application (npm run build, before this layer) lays PDFs out in its own worker
// entry, beside the main bundle: it must stand on its own, without the TypeScript sources.
describe('the built application’s PDF worker', () => {
  it('writes a PDF from a document sent to it', async () => {
    const file = path.resolve('out/main/pdf-worker.js');
    expect(fs.existsSync(file)).toBe(true);
    const pool = new Piscina({ filename: pathToFileURL(file).href, minThreads: 0, maxThreads: 1 });
    try {
      const bytes = (await pool.run({
        content: [{ text: 'Facture AL-36', bold: true }, 'Restauration scolaire : 12 repas'],
        pageFooter: 'Saint-Martin-d’Auxigny',
      })) as Uint8Array;
      const text = await pdfText(bytes);
      expect(text).toContain('Facture AL-36');
      expect(text).toContain('Restauration scolaire : 12 repas');
      expect(text).toContain('Saint-Martin-d’Auxigny — page 1 / 1');
    } finally {
      await pool.destroy();
    }
  });
});
