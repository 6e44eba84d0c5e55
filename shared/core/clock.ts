import { COMMUNE_TIME_ZONE, isoDateInTimeZone } from '../domain/french-dates';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}

/** A clock that starts at a given instant and then runs at the normal pace (a demo tried at another date). */
export function clockStartingAt(iso: string): Clock {
  const offset = new Date(iso).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/**
 * The application's clock: the system's, or, outside production only, one starting at
 * PORTAIL_DATE (« 2026-12-31T22:30:00Z »), to try the demo on a given day. Production refuses it.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const start = env.PORTAIL_DATE;
  if (!start) return systemClock;
  if (env.NODE_ENV === 'production') throw new Error('PORTAIL_DATE ne peut pas être utilisé en production.');
  // An instant, with its offset: « 2026-12-31T23:30 » alone would be read in the server's own zone.
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(start) || Number.isNaN(new Date(start).getTime())) {
    throw new Error(`PORTAIL_DATE n’est pas un instant valide (par exemple 2026-12-31T22:30:00Z) : « ${start} ».`);
  }
  return clockStartingAt(start);
}

export const nowIso = (clock: Clock) => clock.now().toISOString();
export const today = (clock: Clock) => isoDateInTimeZone(clock.now(), COMMUNE_TIME_ZONE);
