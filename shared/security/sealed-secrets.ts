import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// The SMTP password and the families' bank accounts are kept sealed (AES-256-GCM, node's own
// crypto: an authenticated cipher, so a value altered in the file is refused rather than read
// wrong). The key comes from the environment, never from the database: a copy of the file or of a
// backup alone does not give them away.
//
// The key is one per process, installed once at start, like the database it opens: the core reads
// and writes these values in many places (a section of the record, a mandate, a SEPA batch) and
// none of them should have to carry it.

const FORMAT = 'pf1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A sealed value: format, the key's id, then nonce, ciphertext and tag in base64url. */
const SEALED = /^pf1\.([0-9a-f]{8})\.([A-Za-z0-9_-]+)$/;

export interface DataKey {
  id: string;
  key: Buffer;
}

interface Keyring {
  current: DataKey;
  /** Earlier keys, still read while the values they sealed are sealed again with the current one. */
  previous: DataKey[];
}

let keyring: Keyring | null = null;

export class DataKeyError extends Error {}

/** A key as the environment gives it: 64 hexadecimal characters or 32 bytes in base64. */
export function parseDataKey(text: string): DataKey {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(trimmed) && !/^[A-Za-z0-9+/]{43}=?$/.test(trimmed))) {
    throw new DataKeyError(
      'Clé de chiffrement invalide : 64 caractères hexadécimaux ou 32 octets en base64 attendus (générez-en une avec « npm run data-key »).',
    );
  }
  // A random key has some 28 different bytes of 32; « 000…0 » or a short pattern repeated is not one.
  if (new Set(key).size < 12) throw new DataKeyError('Clé de chiffrement trop faible : générez-en une avec « npm run data-key ».');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

export function generateDataKey(): string {
  return randomBytes(32).toString('hex');
}

export function installDataKeys(current: DataKey, previous: DataKey[] = []): void {
  keyring = { current, previous: previous.filter((k) => k.id !== current.id) };
}

export function currentDataKeyId(): string {
  return ring().current.id;
}

export function knownDataKeyIds(): string[] {
  const { current, previous } = ring();
  return [current.id, ...previous.map((k) => k.id)];
}

function ring(): Keyring {
  if (!keyring) throw new DataKeyError('Aucune clé de chiffrement des données n’est installée (DATA_KEY).');
  return keyring;
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && SEALED.test(value);
}

/**
 * What a sealed value is for, bound into its seal as associated data: a value copied into another
 * column (or into a family's message) does not open there. One name per column that keeps a secret.
 */
export type SealedPurpose =
  | 'family_bank.iban'
  | 'sepa_mandates.iban'
  | 'commune_settings.sepa_creditor_iban'
  | 'commune_settings.smtp_password'
  | 'sepa_batches.xml_base64'
  | 'requests.bank.iban';

/** The value sealed with the current key for its purpose; an empty value stays empty (« set or not » stays readable). */
export function seal(plain: string, purpose: SealedPurpose): string {
  if (plain === '') return '';
  const { current } = ring();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const payload = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  return `${FORMAT}.${current.id}.${payload}`;
}

/**
 * The clear value. Anything but a value sealed for this purpose with a key this process holds is
 * an error — one sealed with another key, altered, moved from another column, or put there in clear
 * behind the application's back — never an empty field that would be saved back over it.
 * `legacy: 'clear'` reads a value still in clear: the start's sweep, which seals them.
 */
export function open(stored: string | null | undefined, purpose: SealedPurpose, legacy?: 'clear'): string {
  if (stored == null || stored === '') return '';
  const match = SEALED.exec(stored);
  if (!match) {
    if (legacy === 'clear') return stored;
    throw new DataKeyError(`Une donnée protégée (${purpose}) n’est pas chiffrée : elle a été écrite hors de l’application.`);
  }
  const { current, previous } = ring();
  const key = [current, ...previous].find((k) => k.id === match[1]);
  if (!key) throw new DataKeyError(`Une donnée a été chiffrée avec une autre clé (${match[1]}) que celle de DATA_KEY.`);
  const payload = Buffer.from(match[2]!, 'base64url');
  if (payload.length < IV_BYTES + TAG_BYTES) throw new DataKeyError(`Une donnée protégée (${purpose}) est illisible.`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, payload.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
    return Buffer.concat([decipher.update(payload.subarray(IV_BYTES, payload.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new DataKeyError(`Une donnée protégée (${purpose}) a été modifiée ou ne lui appartient pas : elle est refusée.`);
  }
}

/** The key id of a sealed value, or null when it is not sealed. */
export function sealedWith(value: string): string | null {
  return SEALED.exec(value)?.[1] ?? null;
}
