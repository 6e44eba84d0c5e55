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
