import { COMMUNE_TIME_ZONE, isoDateInTimeZone } from '../domain/french-dates';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}

export const nowIso = (clock: Clock) => clock.now().toISOString();
export const today = (clock: Clock) => isoDateInTimeZone(clock.now(), COMMUNE_TIME_ZONE);
