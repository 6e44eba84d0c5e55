import type { Knex } from 'knex';
import { referenceData } from '../../shared/core/reference/reference-data';

/** The mairie's name and contacts, for the pages shown before login. */
export async function communeContacts(db: Knex) {
  const { commune } = await referenceData(db);
  return { communeName: commune.name, communePhone: commune.phone, communeEmail: commune.email };
}
