import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataKeysFromEnv, GENERATED_KEY_FILE } from '../../shared/security/data-key-env';
import {
  DataKeyError,
  generateDataKey,
  installDataKeys,
  isSealed,
  open,
  openWithin,
  parseDataKey,
  seal,
} from '../../shared/security/sealed-secrets';
import { TEST_DATA_KEY } from '../support/test-data-key';

afterEach(() => installDataKeys(parseDataKey(TEST_DATA_KEY)));

describe('a sealed value', () => {
  it('opens to what was sealed, and differs each time it is sealed', () => {
    const a = seal('FR7630006000011234567890189');
    const b = seal('FR7630006000011234567890189');
    expect(isSealed(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain('30006');
    expect(open(a)).toBe('FR7630006000011234567890189');
    expect(open(seal('mot de passe « accentué » 🔑'))).toBe('mot de passe « accentué » 🔑');
  });

  it('stays empty when empty, and a clear value from before sealing reads as it is', () => {
    expect(seal('')).toBe('');
    expect(open('')).toBe('');
    expect(open(null)).toBe('');
    expect(open('FR7630006000011234567890189')).toBe('FR7630006000011234567890189');
  });

  it('altered by one character is refused, not read wrong', () => {
    const sealed = seal('FR7630006000011234567890189');
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    expect(() => open(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`)).toThrow();
  });

  it('sealed with another key is an error naming it', () => {
    const sealed = seal('secret');
    installDataKeys(parseDataKey(generateDataKey()));
    expect(() => open(sealed)).toThrow(DataKeyError);
  });

  it('inside a JSON text is opened in place', () => {
    const json = JSON.stringify({ iban: seal('FR14 "x"'), bic: 'PSSTFRPPXXX' });
    expect(JSON.parse(openWithin(json))).toEqual({ iban: 'FR14 "x"', bic: 'PSSTFRPPXXX' });
  });
});

describe('the data key from the environment', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pf-key-'));

  it('is read as 64 hexadecimal characters or 32 bytes of base64, and anything else is refused in French', () => {
    const hex = generateDataKey();
    expect(parseDataKey(hex).key).toHaveLength(32);
    expect(parseDataKey(Buffer.from(hex, 'hex').toString('base64')).id).toBe(parseDataKey(hex).id);
    expect(() => parseDataKey('trop-courte')).toThrow(/Clé de chiffrement invalide/);
    expect(() => parseDataKey(hex.slice(2))).toThrow(DataKeyError);
  });

  it('is required in production, saying how to make one', () => {
    expect(() => dataKeysFromEnv({}, dir(), true)).toThrow(/DATA_KEY.*npm run data-key/);
  });

  it('comes from DATA_KEY, DATA_KEY_FILE, with the previous keys of a change', () => {
    const a = generateDataKey();
    const b = generateDataKey();
    expect(dataKeysFromEnv({ DATA_KEY: a, DATA_KEY_PREVIOUS: b }, dir(), true)).toMatchObject({
      current: { id: parseDataKey(a).id },
      previous: [{ id: parseDataKey(b).id }],
    });
    const file = path.join(dir(), 'cle');
    fs.writeFileSync(file, `${a}\n`);
    expect(dataKeysFromEnv({ DATA_KEY_FILE: file }, dir(), true).current.id).toBe(parseDataKey(a).id);
    expect(() => dataKeysFromEnv({ DATA_KEY_FILE: path.join(dir(), 'absent') }, dir(), true)).toThrow(/Fichier de clé illisible/);
  });

  it('is generated once beside a demo database, readable by its owner alone, and kept at the next start', () => {
    const dataDir = dir();
    const first = dataKeysFromEnv({}, dataDir, false);
    expect(first.generatedInto).toBe(path.join(dataDir, GENERATED_KEY_FILE));
    expect(fs.statSync(first.generatedInto!).mode & 0o777).toBe(0o600);
    const second = dataKeysFromEnv({}, dataDir, false);
    expect(second.current.id).toBe(first.current.id);
    expect(second.generatedInto).toBeUndefined();
  });
});
