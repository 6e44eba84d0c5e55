import os from 'node:os';
import { Piscina } from 'piscina';
import { entryFile } from '../../runtime/entry-file';
import type { PdfSpec } from './pdf-maker';

/**
 * PDFs are laid out in worker threads (issue 8): pdfmake's layout is pure CPU, about 10 ms an
 * invoice and seconds for a printed month, and on the portal's own thread every page of every
 * family waited behind it — on invoice day, when families download theirs. One thread is left
 * to the pages; threads start on the first PDF and stop after a minute without one.
 */
let pool: Piscina | null = null;

function workers(): Piscina {
  pool ??= new Piscina({
    // Beside the bundle in the built application, else the sources' shim.
    filename: entryFile(import.meta.url, './pdf-worker.js', './pdf-worker-source.mjs').href,
    minThreads: 0,
    maxThreads: Math.max(1, Math.min(4, os.availableParallelism() - 1)),
    idleTimeout: 60_000,
    // First come, first served: without it a task that found no free thread went to the back of
    // the queue, and under a steady flow of downloads one family could wait a second or more.
    stricterFIFO: true,
  });
  return pool;
}

/** A PDF file from its document, laid out in a worker thread. */
export async function renderPdf(spec: PdfSpec): Promise<Buffer> {
  const bytes = (await workers().run(spec)) as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Stops the PDF threads (the application's close). */
export async function closePdfWorkers(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
