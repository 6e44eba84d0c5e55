import type { DbRow } from '../../db/db-row';
import { open } from '../../security/sealed-secrets';
import type { Knex } from 'knex';
import { bool } from './presenter';
import { formatShortFrenchDate } from '../../domain/french-dates';

export interface AccountAdult {
  civility: string;
  lastName: string;
  firstName: string;
  quality: string;
  address: string;
  postalCode: string;
  city: string;
  phoneHome: string;
  phoneWork: string;
  phoneMobile: string;
  email: string;
  profession: string;
  csp: string;
  employer: string;
  employerAddress: string;
  emailAllowed: boolean;
  smsAllowed: boolean;
}

export interface FamilyAccountView {
  familyNumber: string;
  situation: string;
  attachedBody: string;
  accountHolder: string;
  bankName: string;
  /** « Prélèvement automatique » as the family sees it: the mandate in force, or its request. */
  directDebit: string;
  iban: string;
  responsable: AccountAdult | null;
  conjoint: AccountAdult | null;
}

function adult(row: DbRow | undefined): AccountAdult | null {
  if (!row) return null;
  return {
    civility: row.civility,
    lastName: row.last_name,
    firstName: row.first_name,
    quality: row.quality,
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

/** The manual's « Mon compte » tables for one household. */
export async function familyAccountView(db: Knex, familyId: number): Promise<FamilyAccountView> {
  const family = await db('families').where({ id: familyId }).first('family_number', 'situation', 'attached_body');
  const adults = await db('family_adults').where({ family_id: familyId });
  const bank = await db('family_bank').where({ family_id: familyId }).first('account_holder', 'bank_name', 'iban', 'direct_debit_wanted');
  const mandate = await db('sepa_mandates').where({ family_id: familyId, status: 'active' }).first('rum', 'signed_on');
  return {
    familyNumber: family?.family_number ?? '',
    situation: family?.situation ?? '',
    attachedBody: family?.attached_body ?? '',
    accountHolder: bank?.account_holder ?? '',
    bankName: bank?.bank_name ?? '',
    directDebit: mandate
      ? `Oui, mandat n° ${mandate.rum} signé le ${formatShortFrenchDate(mandate.signed_on)}`
      : bool(bank?.direct_debit_wanted)
        ? 'Demandé : la commune vous fera signer le mandat'
        : 'Non',
    iban: open(bank?.iban, 'family_bank.iban'),
    responsable: adult(adults.find((a) => a.role === 'responsable')),
    conjoint: adult(adults.find((a) => a.role === 'conjoint')),
  };
}

export interface FamilyChildRow {
  id: number;
  firstName: string;
  lastName: string;
  birthDate: string;
  school: string;
  grade: string;
}

export async function familyChildren(db: Knex, familyId: number): Promise<FamilyChildRow[]> {
  const rows = await db('children')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('birth_date')
    .select('id', 'first_name', 'last_name', 'birth_date', 'school', 'grade');
  return rows.map((r) => ({
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    birthDate: r.birth_date,
    school: r.school,
    grade: r.grade,
  }));
}
