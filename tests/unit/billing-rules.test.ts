import { describe, expect, it } from 'vitest';
import {
  billedAs,
  dueDate,
  lineDetails,
  monthBounds,
  overlappingBands,
  schoolYearLabelOf,
  unitPriceFor,
  type TariffBand,
} from '../../shared/domain/billing-rules';

const bands: TariffBand[] = [
  { qfMin: 0, qfMax: 700, unitPriceCents: 242, isDefault: false },
  { qfMin: 701, qfMax: 1200, unitPriceCents: 345, isDefault: false },
  { qfMin: 1201, qfMax: null, unitPriceCents: 397, isDefault: false },
  { qfMin: null, qfMax: null, unitPriceCents: 397, isDefault: true },
];

describe('what a planning day bills', () => {
  it('bills a day present, an absence billed and a reservation nobody marked at roll call', () => {
    expect(billedAs({ state: 'reserved', attendance: 'present' })).toBe('present');
    expect(billedAs({ state: 'regular', attendance: 'absent_billed' })).toBe('absent_billed');
    expect(billedAs({ state: 'absent_billed', attendance: null })).toBe('absent_billed'); // cancelled late
    expect(billedAs({ state: 'reserved', attendance: null })).toBe('unchecked');
    expect(billedAs({ state: 'regular', attendance: null })).toBe('unchecked');
  });
  it('does not bill an excused absence, a closure or a day waiting for a decision', () => {
    expect(billedAs({ state: 'reserved', attendance: 'absent_excused' })).toBeNull();
    expect(billedAs({ state: 'absent_excused', attendance: null })).toBeNull();
    for (const state of [
      'closed',
      'pending_request',
      'reservation_processing',
      'reservation_refused',
      'absence_processing',
      'leave',
      'error',
    ]) {
      expect(billedAs({ state, attendance: null })).toBeNull();
    }
  });
});

describe('the price by quotient familial', () => {
  it('takes the band holding the QF, bounds included', () => {
    expect(unitPriceFor(bands, 0)).toBe(242);
    expect(unitPriceFor(bands, 700)).toBe(242);
    expect(unitPriceFor(bands, 701)).toBe(345);
    expect(unitPriceFor(bands, 1200)).toBe(345);
    expect(unitPriceFor(bands, 5000)).toBe(397);
  });
  it('takes the default price when the QF is unknown or in no band', () => {
    expect(unitPriceFor(bands, null)).toBe(397);
    expect(
      unitPriceFor(
        [
          { qfMin: 0, qfMax: 500, unitPriceCents: 100, isDefault: false },
          { qfMin: null, qfMax: null, unitPriceCents: 300, isDefault: true },
        ],
        800,
      ),
    ).toBe(300);
  });
  it('has no price for a service without tariff', () => {
    expect(unitPriceFor([], 500)).toBeNull();
  });
  it('refuses overlapping bands', () => {
    expect(overlappingBands(bands)).toBeNull();
    expect(
      overlappingBands([
        { qfMin: 0, qfMax: 700, unitPriceCents: 1, isDefault: false },
        { qfMin: 700, qfMax: null, unitPriceCents: 2, isDefault: false },
      ]),
    ).toBe('Deux tranches de quotient familial se chevauchent.');
    expect(overlappingBands([{ qfMin: 900, qfMax: 700, unitPriceCents: 1, isDefault: false }])).toMatch(/minimum supérieur/);
  });
});

describe('dates of an invoice', () => {
  it('falls due as the commune decided', () => {
    expect(dueDate('2015-04-08', 'end_of_month')).toBe('2015-04-30'); // the manual's AL-36
    expect(dueDate('2026-11-05', 'end_of_next_month')).toBe('2026-12-31');
    expect(dueDate('2026-12-05', 'end_of_next_month')).toBe('2027-01-31');
    expect(dueDate('2027-01-05', 'end_of_next_month')).toBe('2027-02-28');
    expect(dueDate('2026-12-20', 'days:15')).toBe('2027-01-04');
  });
  it('knows the month and the school year billed', () => {
    expect(monthBounds('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(schoolYearLabelOf('2026-09')).toBe('2026-2027');
    expect(schoolYearLabelOf('2027-08')).toBe('2026-2027');
  });
  it('says what a line counts', () => {
    expect(lineDetails({ present: 12, absent_billed: 1, unchecked: 2 })).toBe(
      '12 présences, 1 absence facturée, 2 réservations non pointées',
    );
    expect(lineDetails({ present: 1, absent_billed: 0, unchecked: 0 })).toBe('1 présence');
  });
});
