import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataKeysFromEnv, GENERATED_KEY_FILE } from '../../shared/security/data-key-env';
import { DataKeyError, generateDataKey, installDataKeys, isSealed, open, parseDataKey, seal } from '../../shared/security/sealed-secrets';
import { TEST_DATA_KEY } from '../support/test-data-key';

afterEach(() => installDataKeys(parseDataKey(TEST_DATA_KEY)));

const IBAN = 'FR7630006000011234567890189';

describe('a sealed value', () => {
  it('opens to what was sealed, and differs each time it is sealed', () => {
    const a = seal(IBAN, 'family_bank.iban');
    const b = seal(IBAN, 'family_bank.iban');
    expect(isSealed(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain('30006');
    expect(open(a, 'family_bank.iban')).toBe(IBAN);
    expect(open(seal('mot de passe « accentué » 🔑', 'commune_settings.smtp_password'), 'commune_settings.smtp_password')).toBe(
      'mot de passe « accentué » 🔑',
    );
  });

  it('stays empty when empty', () => {
    expect(seal('', 'family_bank.iban')).toBe('');
    expect(open('', 'family_bank.iban')).toBe('');
    expect(open(null, 'family_bank.iban')).toBe('');
  });

  it('does not open in another column than its own: a value copied elsewhere is refused', () => {
    const creditor = seal(IBAN, 'commune_settings.sepa_creditor_iban');
    expect(() => open(creditor, 'family_bank.iban')).toThrow(/modifiée ou ne lui appartient pas/);
  });

  it('is refused when it is in clear where a sealed value belongs, unless the start is sealing it', () => {
    expect(() => open(IBAN, 'family_bank.iban')).toThrow(/n’est pas chiffrée/);
    expect(open(IBAN, 'family_bank.iban', 'clear')).toBe(IBAN);
  });

  it('a value that only looks sealed is sealed like any other', () => {
    const lookalike = 'pf1.deadbeef.AAAA';
    const sealed = seal(lookalike, 'commune_settings.smtp_password');
    expect(sealed).not.toBe(lookalike);
    expect(open(sealed, 'commune_settings.smtp_password')).toBe(lookalike);
  });

  it('altered by one character, or cut short, is refused, not read wrong', () => {
    const sealed = seal(IBAN, 'family_bank.iban');
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    expect(() => open(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, 'family_bank.iban')).toThrow(DataKeyError);
    const [format, id] = sealed.split('.');
    expect(() => open(`${format}.${id}.AAAAAAAA`, 'family_bank.iban')).toThrow(/illisible/);
  });

  it('sealed with another key is an error naming it', () => {
    const sealed = seal('secret', 'commune_settings.smtp_password');
    installDataKeys(parseDataKey(generateDataKey()));
    expect(() => open(sealed, 'commune_settings.smtp_password')).toThrow(/autre clé/);
  });
});

describe('the data key from the environment', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pf-key-'));
  const local = { production: false, sharedDatabase: false };
  const production = { production: true, sharedDatabase: false };

  it('is read as 64 hexadecimal characters or 32 bytes of base64, and anything else is refused in French', () => {
    const hex = generateDataKey();
    expect(parseDataKey(hex).key).toHaveLength(32);
    expect(parseDataKey(Buffer.from(hex, 'hex').toString('base64')).id).toBe(parseDataKey(hex).id);
    expect(() => parseDataKey('trop-courte')).toThrow(/Clé de chiffrement invalide/);
    expect(() => parseDataKey(hex.slice(2))).toThrow(DataKeyError);
  });

  it('is refused when it is no key at all: zeros, a short pattern repeated', () => {
    expect(() => parseDataKey('0'.repeat(64))).toThrow(/trop faible/);
    expect(() => parseDataKey('0123456789abcdef'.repeat(4))).toThrow(/trop faible/);
  });

  it('is required in production, saying how to make one', () => {
    expect(() => dataKeysFromEnv({}, dir(), production)).toThrow(/DATA_KEY.*npm run data-key/);
  });

  it('is required on a shared PostgreSQL database even outside production: never generated for one workstation', () => {
    const dataDir = dir();
    expect(() => dataKeysFromEnv({}, dataDir, { production: false, sharedDatabase: true })).toThrow(/PostgreSQL partagée/);
    expect(fs.existsSync(path.join(dataDir, GENERATED_KEY_FILE))).toBe(false);
  });

  it('comes from DATA_KEY, DATA_KEY_FILE, with the previous keys of a change', () => {
    const a = generateDataKey();
    const b = generateDataKey();
    expect(dataKeysFromEnv({ DATA_KEY: a, DATA_KEY_PREVIOUS: b }, dir(), production)).toMatchObject({
      current: { id: parseDataKey(a).id },
      previous: [{ id: parseDataKey(b).id }],
    });
    const file = path.join(dir(), 'cle');
    fs.writeFileSync(file, `${a}\n`, { mode: 0o600 });
    expect(dataKeysFromEnv({ DATA_KEY_FILE: file }, dir(), production)).toMatchObject({
      current: { id: parseDataKey(a).id },
      warnings: [],
    });
    fs.chmodSync(file, 0o644);
    expect(dataKeysFromEnv({ DATA_KEY_FILE: file }, dir(), production).warnings).toEqual([expect.stringContaining('chmod 600')]);
    expect(() => dataKeysFromEnv({ DATA_KEY_FILE: path.join(dir(), 'absent') }, dir(), production)).toThrow(/Fichier de clé illisible/);
  });

  it('is generated once beside a demo database, readable by its owner alone, and kept at the next start', () => {
    const dataDir = dir();
    const first = dataKeysFromEnv({}, dataDir, local);
    expect(first.generatedInto).toBe(path.join(dataDir, GENERATED_KEY_FILE));
    expect(fs.statSync(first.generatedInto!).mode & 0o777).toBe(0o600);
    const second = dataKeysFromEnv({}, dataDir, local);
    expect(second.current.id).toBe(first.current.id);
    expect(second.generatedInto).toBeUndefined();
  });
});
