import { COMMUNE_TIME_ZONE, isoDateInTimeZone, shiftMonth } from '../../shared/domain/french-dates';
import { callStaffApi } from './api-client';

// The back-office's « today » is the server's (the commune's clock, the one every rule uses),
// not the workstation's: a PC whose clock is wrong, or a test server dated on purpose, must
// not make the screens propose another day than the one the server will check against.
let offsetMs = 0;

/** Reads the server's time once; afterwards the offset keeps the date right past midnight. */
export async function syncServerClock(): Promise<void> {
  const asked = Date.now();
  const { now } = await callStaffApi('clock.now', {});
  const answered = Date.now();
  offsetMs = new Date(now).getTime() - (asked + answered) / 2;
}

/** The server's current instant. */
export function serverNow(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Today in Paris, « YYYY-MM-DD », by the server's clock. */
export function serverToday(): string {
  return isoDateInTimeZone(serverNow());
}

/** « YYYY-MM » of the month before the server's current one. */
export function serverPreviousMonth(): string {
  return shiftMonth(serverToday().slice(0, 7), -1);
}

/** « 30/11/2026 10:00 »: an instant as the commune reads it, whatever the workstation's time zone. */
export function parisDateTime(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: COMMUNE_TIME_ZONE });
}
