import type { Knex } from 'knex';
import { newToken, tokenHash } from './tokens';

export type PortalTokenPurpose = 'activation' | 'reset';

export const ACTIVATION_TTL_MS = 7 * 24 * 60 * 60 * 1000; // a week to open the activation e-mail
export const RESET_TTL_MS = 60 * 60 * 1000; // an hour for a forgotten password

/** A new one-time link token; any earlier unused one of the same purpose stops working. */
export async function issuePortalToken(trx: Knex.Transaction, accountId: number, purpose: PortalTokenPurpose, now: Date): Promise<string> {
  await trx('portal_tokens').where({ account_id: accountId, purpose }).whereNull('used_at').update({ used_at: now.toISOString() });
  const token = newToken();
  await trx('portal_tokens').insert({
    account_id: accountId,
    purpose,
    token_hash: tokenHash(token),
    expires_at: new Date(now.getTime() + (purpose === 'activation' ? ACTIVATION_TTL_MS : RESET_TTL_MS)).toISOString(),
    created_at: now.toISOString(),
  });
  return token;
}

/** The account a link opens, while the link is unused and unexpired; null otherwise. */
export async function findUsableToken(db: Knex | Knex.Transaction, token: string, purpose: PortalTokenPurpose, now: Date) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await db('portal_tokens as t')
    .join('portal_accounts as a', 'a.id', 't.account_id')
    .where({ 't.token_hash': tokenHash(token), 't.purpose': purpose })
    .whereNull('t.used_at')
    .andWhere('t.expires_at', '>', now.toISOString())
    .first('t.id as token_id', 'a.id', 'a.family_id', 'a.login', 'a.status', 'a.password_hash');
  if (!row || row.status === 'disabled') return null;
  return row as { token_id: number; id: number; family_id: number; login: string; status: string; password_hash: string | null };
}

/** Where e-mailed links point: the commune's setting, else the address the portal was started with. */
export async function portalBaseUrl(db: Knex | Knex.Transaction, fallback: string): Promise<string> {
  const settings = await db('commune_settings').where({ id: 1 }).first('portal_public_url');
  return (settings?.portal_public_url || fallback).replace(/\/+$/, '');
}

/** The responsable's e-mail address and name: account e-mails go to the family's main adult. */
export async function familyRecipient(db: Knex | Knex.Transaction, familyId: number) {
  const adult = await db('family_adults')
    .where({ family_id: familyId, role: 'responsable' })
    .first('email', 'first_name', 'last_name', 'civility');
  return adult
    ? { email: adult.email as string, name: `${adult.first_name} ${adult.last_name}`, civility: adult.civility as string }
    : null;
}
