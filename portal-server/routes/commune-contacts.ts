import type { Knex } from 'knex';

/** The mairie's name and contacts, for the pages shown before login. */
export async function communeContacts(db: Knex) {
  const settings = await db('commune_settings').where({ id: 1 }).first('name', 'phone', 'email');
  return { communeName: settings?.name ?? 'mairie', communePhone: settings?.phone ?? '', communeEmail: settings?.email ?? '' };
}
