import type { Knex } from 'knex';
import { insertId } from '../../shared/db/insert-id';

export type DaySpec = [serviceCode: string, date: string, state: string, attendance: string | null];

/**
 * A household with one child and the planning days a test bills, inserted as they are in the
 * database (the booking rules are another file's business): CAF and tax quotients as given.
 */
export async function householdWithDays(
  db: Knex,
  spec: {
    number: string;
    lastName: string;
    cafQf?: number | null;
    cafValidTo?: string | null;
    fiscalQf?: number | null;
    email?: string;
    city?: string;
    birthDate?: string;
    days: DaySpec[];
  },
): Promise<{ familyId: number; childId: number }> {
  const at = '2026-09-01T08:00:00.000Z';
  const familyId = await insertId(db, 'families', {
    family_number: spec.number,
    search_text: spec.lastName.toLowerCase(),
    created_at: at,
    updated_at: at,
  });
  await db('family_adults').insert({
    family_id: familyId,
    role: 'responsable',
    civility: 'Madame',
    last_name: spec.lastName,
    first_name: 'ANNE',
    address: '3 RUE DU LAVOIR',
    postal_code: '18110',
    city: spec.city ?? 'VIGNOUX',
    email: spec.email ?? '',
    created_at: at,
    updated_at: at,
  });
  if (spec.cafQf !== undefined)
    await db('family_caf').insert({
      family_id: familyId,
      caf_number: '1234567',
      quotient_familial: spec.cafQf,
      quotient_valid_from: '2026-01-01',
      quotient_valid_to: spec.cafValidTo ?? null,
      updated_at: at,
    });
  if (spec.fiscalQf !== undefined)
    await db('family_fiscal').insert({ family_id: familyId, quotient_familial: spec.fiscalQf, updated_at: at });
  const childId = await insertId(db, 'children', {
    family_id: familyId,
    first_name: 'PAUL',
    last_name: spec.lastName,
    sex: 'M',
    birth_date: spec.birthDate ?? '2018-05-04',
    created_at: at,
    updated_at: at,
  });
  const services = new Map((await db('services').select('id', 'code')).map((s) => [s.code as string, Number(s.id)]));
  if (spec.days.length) {
    await db('planning_days').insert(
      spec.days.map(([code, date, state, attendance]) => ({
        child_id: childId,
        service_id: services.get(code)!,
        date,
        state,
        attendance,
        updated_at: at,
        updated_by: 'test',
      })),
    );
  }
  return { familyId, childId };
}

export const lastNumber = async (db: Knex, prefix: string) =>
  Number((await db('regies').where({ invoice_prefix: prefix }).first('last_invoice_number')).last_invoice_number);
