// The « attestation fiscale » for childcare (article 200 quater B of the code général des impôts):
// which children it covers and how a payment is shared between what it paid for.

/**
 * A child counts for year `year` when under 6 on 1 January of that year. The tax administration
 * reads it by birth year (« enfants nés en 2020 ou après » for the income of 2026), which is what
 * families read on their declaration; a child born later in the year itself counts too.
 */
export function underSixOnFirstJanuary(birthDate: string | null | undefined, year: number): boolean {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return false;
  const born = Number(birthDate.slice(0, 4));
  return born >= year - 6 && born <= year;
}

/**
 * What a sum paid on an invoice paid for, part by part, in proportion to the invoice's parts
 * (a child's care, its meals…), in whole cents that add up exactly to the sum paid: each part
 * gets its floor, and the cents left go to the largest remainders (ties to the first part).
 * Parts whose amount is zero or negative get nothing: a payment pays for what was billed.
 */
export function sharePayment<K>(paidCents: number, parts: ReadonlyArray<{ key: K; amountCents: number }>): Map<K, number> {
  const shares = new Map<K, number>();
  const billed = parts.filter((p) => p.amountCents > 0);
  const total = billed.reduce((sum, p) => sum + p.amountCents, 0);
  if (total <= 0 || paidCents === 0) return shares;
  // A payment larger than the invoice pays the invoice, no more: the rest is the account's credit.
  const paid = Math.sign(paidCents) * Math.min(Math.abs(paidCents), total);
  const exact = billed.map((p, index) => ({ key: p.key, index, value: (Math.abs(paid) * p.amountCents) / total }));
  const floors = exact.map((e) => Math.floor(e.value));
  let left = Math.abs(paid) - floors.reduce((sum, f) => sum + f, 0);
  const byRemainder = [...exact].sort((a, b) => b.value - Math.floor(b.value) - (a.value - Math.floor(a.value)) || a.index - b.index);
  for (const e of byRemainder) {
    if (left <= 0) break;
    floors[e.index]! += 1;
    left -= 1;
  }
  for (const e of exact) shares.set(e.key, (shares.get(e.key) ?? 0) + Math.sign(paid) * floors[e.index]!);
  return shares;
}
