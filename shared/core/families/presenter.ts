import type { DbRow } from '../../db/db-row';
import type { AdultView, ChildSummary, FamilyListRow } from '../../contracts/families';

// Rows become DTOs here and nowhere else: booleans from SQLite's 0/1, camelCase names,
// and only the fields the staff API promises.

export const bool = (value: unknown): boolean => value === true || value === 1 || value === '1';

export type AdultRow = DbRow;

export function presentAdult(row: AdultRow): AdultView {
  return {
    id: row.id,
    civility: row.civility,
    lastName: row.last_name,
    firstName: row.first_name,
    quality: row.quality,
    birthDate: row.birth_date ?? null,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
    phoneHome: row.phone_home,
    phoneWork: row.phone_work,
    phoneMobile: row.phone_mobile,
    email: row.email,
    profession: row.profession,
    csp: row.csp,
    employer: row.employer,
    employerAddress: row.employer_address,
    emailAllowed: bool(row.email_allowed),
    smsAllowed: bool(row.sms_allowed),
  };
}

export function presentChild(row: DbRow): ChildSummary {
  return {
    id: row.id,
    lastName: row.last_name,
    firstName: row.first_name,
    sex: row.sex,
    birthDate: row.birth_date,
    school: row.school,
    grade: row.grade,
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

export function presentFamilyListRow(row: DbRow): FamilyListRow {
  return {
    id: row.id,
    familyNumber: row.family_number,
    responsableName: `${row.r_last_name} ${row.r_first_name}`,
    conjointName: row.c_last_name ? `${row.c_last_name} ${row.c_first_name}` : '',
    city: row.r_city,
    phone: row.r_phone_mobile || row.r_phone_home || '',
    email: row.r_email,
    childrenCount: Number(row.children_count),
    updatedAt: row.updated_at,
  };
}
