import v8 from 'node:v8';
import { logger } from '../logging/logger';

// Issue 19: on a machine of several gigabytes V8 lets the old generation grow to four times what
// survived the last full collection before the next one: a process serving pages keeps about
// 40 MB alive and was measured at 389 MB resident under load. A lower growth factor makes it
// collect sooner, and, unlike a bound on the heap (PORTAL_HEAP_MB, for the portal's own
// processes), leaves the process all the room a city's invoice run or a month's PDFs need.

/** HEAP_GROWTH_PERCENT: how much the old generation may grow past its live size before V8 collects (0: V8's own rule). */
const GROWTH_PERCENT = { default: 50, min: 10, max: 300 };

/** The growth the setting asks for: a percentage within bounds, or null for V8's own rule. */
export function heapGrowthPercent(env: NodeJS.ProcessEnv): number | null {
  const setting = (env.HEAP_GROWTH_PERCENT ?? '').trim();
  if (setting === '') return GROWTH_PERCENT.default;
  const percent = Number(setting);
  if (percent === 0) return null;
  if (!Number.isInteger(percent) || percent < GROWTH_PERCENT.min || percent > GROWTH_PERCENT.max) {
    logger.warn(`HEAP_GROWTH_PERCENT=${setting} ignoré : 0, ou un nombre de ${GROWTH_PERCENT.min} à ${GROWTH_PERCENT.max} (pour cent).`);
    return GROWTH_PERCENT.default;
  }
  return percent;
}

/**
 * Applies the setting to this process, from its entry (the server, Electron's main process):
 * V8 reads this flag at each full collection, so setting it once started takes effect.
 */
export function collectGarbageSooner(env: NodeJS.ProcessEnv): void {
  const percent = heapGrowthPercent(env);
  if (percent != null) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
