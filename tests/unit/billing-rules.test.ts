import { parseEuros } from '../../shared/domain/money';
import { describe, expect, it } from 'vitest';
import {
  billedAs,
  dueDate,
  lineDetails,
  monthBounds,
  bandProblem,
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

describe('QF bands that give every quotient one price', () => {
  const band = (qfMin: number | null, qfMax: number | null) => ({ qfMin, qfMax, unitPriceCents: 100, isDefault: false });
  it('accepts bands from 0 with no gap, the last open above', () => {
    expect(bandProblem([band(0, 700), band(701, 1200), band(1201, null)])).toBeNull();
    expect(bandProblem([band(1201, null), band(null, 700), band(701, 1200)])).toBeNull(); // in any order
  });
  it('marks the band that leaves a gap, a start above 0, or a closed last band', () => {
    expect(bandProblem([band(0, 700), band(750, null)])).toEqual({
      message: 'Les QF de 701 à 749 n’ont pas de tarif : la tranche doit commencer à 701.',
      field: 'bands.1.qfMin',
    });
    expect(bandProblem([band(100, null)])).toMatchObject({ field: 'bands.0.qfMin' });
    expect(bandProblem([band(0, 700), band(701, 1200)])).toEqual({
      message: 'Les QF au-delà de 1200 n’ont pas de tarif : laissez vide le QF maximum de la dernière tranche.',
      field: 'bands.1.qfMax',
    });
    expect(bandProblem([band(701, null), band(0, 701)])).toEqual({
      message: 'Deux tranches de quotient familial se chevauchent.',
      field: 'bands.0.qfMin',
    });
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

describe('amounts as agents type them', () => {
  it('reads French and English decimals, spaces between thousands, and refuses the rest', () => {
    expect(parseEuros('12,50')).toBe(1250);
    expect(parseEuros('12.5')).toBe(1250);
    expect(parseEuros(' 120 ')).toBe(12000);
    expect(parseEuros('1 234,56 €')).toBe(123456);
    expect(parseEuros('12,505')).toBeNaN();
    expect(parseEuros('-3')).toBeNaN();
    expect(parseEuros('douze')).toBeNaN();
  });
});
