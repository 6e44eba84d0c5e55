import { move } from 'piscina';
import { renderPdfHere, type PdfSpec } from './pdf-maker';

/** A PDF worker thread's task: lay a document out and hand its bytes back (moved, not copied). */
export default async function renderInWorker(spec: PdfSpec) {
  const bytes = await renderPdfHere(spec);
  return move(bytes);
}
