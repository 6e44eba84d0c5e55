import { describe, expect, it } from 'vitest';
import { addDays, formatLongFrenchDate, formatShortFrenchDate, isoDateInTimeZone, isoWeekday } from '../../shared/domain/french-dates';

describe('dates as the manual prints them', () => {
  it('writes the header date like « Lundi 4 Mai 2015 »', () => {
    expect(formatLongFrenchDate('2015-05-04')).toBe('Lundi 4 Mai 2015');
    expect(formatLongFrenchDate('2015-04-08')).toBe('Mercredi 8 Avril 2015');
  });

  it('writes invoice dates like « 08/04/2015 »', () => {
    expect(formatShortFrenchDate('2015-04-08')).toBe('08/04/2015');
    expect(formatShortFrenchDate(null)).toBe('');
  });

  it('takes the day in Paris, not in UTC: 23:30 in Paris on 3 May is still 3 May', () => {
    expect(isoDateInTimeZone(new Date('2015-05-03T21:30:00Z'))).toBe('2015-05-03');
    expect(isoDateInTimeZone(new Date('2015-05-03T22:30:00Z'))).toBe('2015-05-04');
  });

  it('counts days and weekdays across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });

  it('refuses a date that is not one', () => {
    expect(() => formatLongFrenchDate('2015-5-4')).toThrow();
  });
});

describe('the instant a commune day starts', () => {
  it('is Paris midnight in UTC, winter and summer, and on the DST Sundays', async () => {
    const { communeDayStart } = await import('../../shared/domain/french-dates');
    expect(communeDayStart('2026-03-10')).toBe('2026-03-09T23:00:00.000Z');
    expect(communeDayStart('2026-07-14')).toBe('2026-07-13T22:00:00.000Z');
    expect(communeDayStart('2027-03-28')).toBe('2027-03-27T23:00:00.000Z'); // the clocks go forward at 2:00
    expect(communeDayStart('2027-10-31')).toBe('2027-10-30T22:00:00.000Z'); // and back
  });
});
