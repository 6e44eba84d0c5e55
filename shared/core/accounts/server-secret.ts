import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * A secret shared by every process over one database (made once, kept in `server_secrets`):
 * what binds a login form's token to its cookie, so that a cookie planted by another site is
 * worthless. Two processes starting together keep the first one written.
 */
export async function serverSecret(db: Knex, name: string): Promise<Buffer> {
  await db('server_secrets')
    .insert({ name, value: randomBytes(32).toString('base64url') })
    .onConflict('name')
    .ignore();
  const row = await db('server_secrets').where({ name }).first('value');
  return Buffer.from(row.value, 'base64url');
}
