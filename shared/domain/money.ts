/** « 120.60 », as the manual prints amounts (point as separator, two decimals). */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** « 120.60 € » */
export function formatEuros(cents: number): string {
  return `${formatAmount(cents)} €`;
}

/**
 * An amount as agents type it — « 12,50 », « 12.50 », « 1 234,5 » or « 12 » — in cents; NaN
 * when it is not one (negative, three decimals, letters). Up to a million euros.
 */
export function parseEuros(text: string): number {
  const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*(?:€)?\s*$/.exec(text.replace(/(\d)[\s\u00a0\u202f](?=\d{3}\b)/g, '$1'));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : Number.NaN;
}
