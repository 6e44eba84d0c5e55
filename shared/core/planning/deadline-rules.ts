import type { DeadlineRule } from '../../domain/booking-deadline';
import { COMMUNE_TIME_ZONE } from '../../domain/french-dates';
import { type Clock, today } from '../clock';
import { bool } from '../families/presenter';

/** The commune-local wall-clock time « YYYY-MM-DDTHH:MM », to compare with deadlines. */
export function localNow(clock: Clock): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: COMMUNE_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(clock.now());
  return `${today(clock)}T${parts}`;
}

/** A service's booking or cancellation deadline, from its booking_rules row (the defaults when it has none). */
export function deadlineRule(rules: Record<string, unknown> | undefined, kind: 'reservation' | 'cancellation'): DeadlineRule {
  return {
    kind: (rules?.[`${kind}_kind`] as DeadlineRule['kind']) ?? 'days_before',
    daysBefore: Number(rules?.[`${kind}_days_before`] ?? 2),
    weekday: (rules?.[`${kind}_weekday`] as number | null) ?? null,
    time: (rules?.[`${kind}_time`] as string) ?? '12:00',
    businessDaysOnly: bool(rules?.business_days_only ?? true),
  };
}
