import type { Knex } from 'knex';

/** The path of the link in the last e-mail queued for an address (activation, reset). */
export async function lastLinkTo(db: Knex, address: string): Promise<string> {
  const mail = await db('email_outbox').where({ to_address: address }).orderBy('id', 'desc').first();
  // Links carry the staff side's test address or the portal's own loopback address.
  const match = /https?:\/\/(?:portail\.example\.test|127\.0\.0\.1:\d+)(\/\S+)/.exec(mail?.text_body ?? '');
  if (!match) throw new Error(`pas de lien dans le courriel à ${address}`);
  return match[1]!;
}
