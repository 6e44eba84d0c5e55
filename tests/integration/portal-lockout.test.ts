import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalLogin } from '../../shared/core/accounts/portal-auth';
import { createTestCore, type TestCore } from '../support/test-app';

let core: TestCore;
beforeAll(async () => {
  core = await createTestCore();
});
afterAll(async () => {
  await core?.destroy();
});

const attempt = (login: string, password: string, source: string) =>
  portalLogin(core.db, core.clock, { login, password, source }).then(
    () => 'connecté',
    (error: Error) => error.message,
  );

describe('twelve wrong passwords at once for one identifiant', () => {
  it.each(['marie.martin', 'identifiant.inconnu'])('check at most five passwords of %s, then lock it', async (login) => {
    // From twelve addresses, so that only the identifiant's lockout can stop them.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(login, `Mauvais${i}x`, `198.51.100.${i}`)));
    expect(answers.filter((a) => a === 'Identifiant ou mot de passe incorrect.')).toHaveLength(4);
    expect(answers.filter((a) => a.includes('cet identifiant est bloqué pour 5 minutes'))).toHaveLength(8);
    const checked = await core.db('login_attempts').where({ door: 'portal', login, succeeded: false }).count({ n: '*' }).first();
    expect(Number(checked?.n)).toBe(5);
  });
});
