import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The file a worker thread or a forked process starts from, next to the module asking: `built`
 * when the application runs from its build (the entry sits beside the bundle), else `source`,
 * from the sources under tsx.
 */
export function entryFile(moduleUrl: string, built: string, source: string): URL {
  const bundled = new URL(built, moduleUrl);
  return fs.existsSync(fileURLToPath(bundled)) ? bundled : new URL(source, moduleUrl);
}
