import type { Knex } from 'knex';

/**
 * Each family's quotient familial for a billed month: the CAF's when it is valid during the
 * month (the CAF's figure is the most recent), else the one computed from the tax notice,
 * else none (the service's default price applies). One query, in chunks for a whole city.
 */
export async function familyQuotients(
  db: Knex,
  familyIds: number[],
  monthFrom: string,
  monthTo: string,
): Promise<Map<number, number | null>> {
  const result = new Map<number, number | null>();
  for (let i = 0; i < familyIds.length; i += 500) {
    const part = familyIds.slice(i, i + 500);
    const rows = await db('families as f')
      .leftJoin('family_caf as c', 'c.family_id', 'f.id')
      .leftJoin('family_fiscal as x', 'x.family_id', 'f.id')
      .whereIn('f.id', part)
      .select('f.id', 'c.quotient_familial as caf_qf', 'c.quotient_valid_from', 'c.quotient_valid_to', 'x.quotient_familial as fiscal_qf');
    for (const r of rows) result.set(Number(r.id), quotientOfPeriod(r, monthFrom, monthTo));
  }
  return result;
}

/** What a family's quotient row holds: the CAF's figure with its validity, and the tax notice's. */
export interface QuotientRow {
  caf_qf: unknown;
  quotient_valid_from: string | null;
  quotient_valid_to: string | null;
  fiscal_qf: unknown;
}

/** The quotient for a period: the CAF's when valid during it, else the tax notice's, else none. */
export function quotientOfPeriod(r: QuotientRow, from: string, to: string): number | null {
  const cafValid =
    r.caf_qf != null && (!r.quotient_valid_from || r.quotient_valid_from <= to) && (!r.quotient_valid_to || r.quotient_valid_to >= from);
  return cafValid ? Number(r.caf_qf) : r.fiscal_qf != null ? Number(r.fiscal_qf) : null;
}
