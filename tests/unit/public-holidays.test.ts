import { describe, expect, it } from 'vitest';
import { easterSunday, frenchPublicHolidays } from '../../shared/domain/public-holidays';

describe('French public holidays (« F Jour férié »)', () => {
  it('finds Easter Sunday', () => {
    expect(easterSunday(2015)).toBe('2015-04-05');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('marks Easter Monday 6 April 2015, as the manual planning shows « F » on « Lu 06 »', () => {
    const days = frenchPublicHolidays(2015);
    expect(days.find((d) => d.name === 'Lundi de Pâques')?.date).toBe('2015-04-06');
  });

  it('has the eleven holidays, Ascension and Whit Monday moving with Easter', () => {
    const days = frenchPublicHolidays(2027);
    expect(days).toHaveLength(11);
    expect(days.find((d) => d.name === 'Ascension')?.date).toBe('2027-05-06');
    expect(days.find((d) => d.name === 'Lundi de Pentecôte')?.date).toBe('2027-05-17');
    expect(days.map((d) => d.date)).toEqual([...days.map((d) => d.date)].sort());
  });
});
