import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../shared/core/accounts/password-hash';

describe('scrypt password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('Bonbons2015');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('Bonbons2015');
    expect(await verifyPassword('Bonbons2015', hash)).toBe(true);
    expect(await verifyPassword('bonbons2015', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('Mairie2015')).not.toBe(await hashPassword('Mairie2015'));
  });

  it('refuses when there is no hash or a malformed one', async () => {
    expect(await verifyPassword('x', null)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
});
