import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: session ids, CSRF tokens, one-time links. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only the hash of a token is stored: a copy of the table opens no session. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
