import { describe, expect, it } from 'vitest';
import { sharePayment, underSixOnFirstJanuary } from '../../shared/domain/childcare-tax-credit';

describe('the children an attestation fiscale covers', () => {
  it('counts a child under 6 on 1 January, by birth year as the declaration says', () => {
    expect(underSixOnFirstJanuary('2020-01-01', 2026)).toBe(true);
    expect(underSixOnFirstJanuary('2020-12-31', 2026)).toBe(true);
    expect(underSixOnFirstJanuary('2019-12-31', 2026)).toBe(false);
    expect(underSixOnFirstJanuary('2026-06-15', 2026)).toBe(true); // born during the year
    expect(underSixOnFirstJanuary('2027-01-02', 2026)).toBe(false);
    expect(underSixOnFirstJanuary('', 2026)).toBe(false);
    expect(underSixOnFirstJanuary(null, 2026)).toBe(false);
    expect(underSixOnFirstJanuary('29/02/2024', 2026)).toBe(false);
  });
});

describe('what a payment paid for', () => {
  it('shares a full payment exactly as billed', () => {
    const shares = sharePayment(4_250, [
      { key: 'care', amountCents: 3_000 },
      { key: 'meals', amountCents: 1_250 },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ care: 3_000, meals: 1_250 });
  });

  it('shares a partial payment in proportion, in cents that add up to what was paid', () => {
    const shares = sharePayment(1_000, [
      { key: 'a', amountCents: 1_000 },
      { key: 'b', amountCents: 1_000 },
      { key: 'c', amountCents: 1_000 },
    ]);
    expect([...shares.values()].reduce((s, v) => s + v, 0)).toBe(1_000);
    expect(Object.fromEntries(shares)).toEqual({ a: 334, b: 333, c: 333 });
  });

  it('never shares more than the invoice, nor anything on a line that bills nothing', () => {
    const shares = sharePayment(10_000, [
      { key: 'care', amountCents: 2_000 },
      { key: 'free', amountCents: 0 },
      { key: 'refund', amountCents: -500 },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ care: 2_000 });
  });

  it('takes a cancelled payment back in the same proportion', () => {
    const shares = sharePayment(-900, [
      { key: 'care', amountCents: 600 },
      { key: 'meals', amountCents: 300 },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ care: -600, meals: -300 });
  });

  it('adds up parts that share a key (two lines of the same child’s care)', () => {
    const shares = sharePayment(500, [
      { key: 'care', amountCents: 200 },
      { key: 'care', amountCents: 300 },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ care: 500 });
  });
});
