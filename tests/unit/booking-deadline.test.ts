import { describe, expect, it } from 'vitest';
import { deadlineFor } from '../../shared/domain/booking-deadline';
import { frenchPublicHolidays } from '../../shared/domain/public-holidays';
import { attendanceMark, dayHeader } from '../../shared/domain/planning-legend';

const holidays = new Set([2026, 2027].flatMap((y) => frenchPublicHolidays(y).map((h) => h.date)));
const jMinus2 = { kind: 'days_before' as const, daysBefore: 2, weekday: null, time: '10:00', businessDaysOnly: true };

describe('booking deadlines', () => {
  it('« J-2 à 10:00 » on working days: a Monday closes the Thursday before', () => {
    expect(deadlineFor('2026-12-07', jMinus2, holidays)).toBe('2026-12-03T10:00');
  });

  it('skips public holidays: a Friday after Armistice Wednesday closes on Tuesday', () => {
    expect(deadlineFor('2026-11-13', jMinus2, holidays)).toBe('2026-11-10T10:00');
  });

  it('counts calendar days when the rule says so', () => {
    expect(deadlineFor('2026-12-07', { ...jMinus2, businessDaysOnly: false }, holidays)).toBe('2026-12-05T10:00');
  });

  it('« the Wednesday of the previous week at 18:00 »', () => {
    const rule = { kind: 'weekday_previous_week' as const, daysBefore: 0, weekday: 3, time: '18:00', businessDaysOnly: true };
    expect(deadlineFor('2026-12-21', rule, holidays)).toBe('2026-12-16T18:00');
    expect(deadlineFor('2026-12-24', rule, holidays)).toBe('2026-12-16T18:00');
  });
});

describe('the planning grid', () => {
  it('heads columns like the manual: « Me 01 »', () => {
    expect(dayHeader('2015-04-01')).toBe('Me 01');
    expect(dayHeader('2026-11-30')).toBe('Lu 30');
  });

  it('gives the manual’s three attendance marks', () => {
    expect(attendanceMark('reserved', null)).toBe('booked');
    expect(attendanceMark('reserved', 'present')).toBe('presentBooked');
    expect(attendanceMark('regular', 'present')).toBe('presentBooked');
    expect(attendanceMark('out_of_contract', 'present')).toBe('present');
    expect(attendanceMark('absent_excused', 'absent_excused')).toBeNull();
  });
});
