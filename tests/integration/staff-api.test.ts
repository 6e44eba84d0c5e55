import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffOperationNames } from '../../shared/core/staff-operations';
import type { StaffCallResult } from '../../shared/core/staff-dispatcher';
import { insertStaffUser } from '../../shared/core/accounts/staff-auth';
import { createTestCore, type TestCore } from '../support/test-app';

let core: TestCore;
let agentToken: string;

async function call(name: string, input: unknown, sessionToken: string | null = agentToken): Promise<StaffCallResult> {
  return core.dispatch({ name, input, sessionToken, source: '127.0.0.1' });
}

function answerOf<T>(result: StaffCallResult): T {
  if (!result.response.ok) throw new Error(`${result.response.error.type}: ${result.response.error.message}`);
  return result.response.value as T;
}

const jeanneMartin = {
  situation: 'Marié',
  responsable: {
    civility: 'Madame',
    lastName: 'Martin',
    firstName: 'Jeanne',
    address: '3 rue des Vergers',
    postalCode: '18110',
    city: "Saint-Martin-d'Auxigny",
    phoneMobile: '06 12 34 56 78',
    email: 'jeanne.martin@exemple.fr',
    emailAllowed: true,
  },
  conjoint: { civility: 'Monsieur', lastName: 'Martin', firstName: 'Paul' },
};

beforeAll(async () => {
  core = await createTestCore();
  const login = await call('auth.login', { username: 'agent', password: 'Mairie2015' }, null);
  expect(login.response.ok).toBe(true);
  agentToken = login.sessionToken!;
});
afterAll(async () => {
  await core?.destroy();
});

describe('the staff API refuses everyone without a staff session', () => {
  it.each(staffOperationNames.filter((name) => name !== 'auth.login'))(
    '%s answers « Veuillez vous connecter. » and changes nothing',
    async (name) => {
      const before = await core.db('audit_log').count<{ n: number }[]>({ n: '*' }).first();
      const result = await call(name, { id: 1, familyId: 1 }, null);
      expect(result.response).toEqual({ ok: false, error: { type: 'unauthenticated', message: 'Veuillez vous connecter.' } });
      const after = await core.db('audit_log').count<{ n: number }[]>({ n: '*' }).first();
      expect(Number(after!.n)).toBe(Number(before!.n));
    },
  );

  it('refuses a forged token', async () => {
    const result = await call('families.list', {}, 'not-a-real-token');
    expect(result.response.ok).toBe(false);
  });

  it('refuses an unknown operation by name', async () => {
    const result = await call('families.drop', {});
    expect(result.response).toMatchObject({ ok: false, error: { type: 'unknown_operation' } });
    expect((await call('__proto__', {})).response).toMatchObject({ ok: false, error: { type: 'unknown_operation' } });
  });
});

describe('staff login', () => {
  it('refuses a wrong password with a clear message, and keeps the attempt in the log', async () => {
    const result = await call('auth.login', { username: 'agent', password: 'mauvais' }, null);
    expect(result.response).toEqual({ ok: false, error: { type: 'unauthenticated', message: 'Identifiant ou mot de passe incorrect.' } });
    expect(result.sessionToken).toBeUndefined();
    const failures = await core.db('login_attempts').where({ door: 'staff', login: 'agent', succeeded: false });
    expect(failures).toHaveLength(1);
    const audit = await core.db('audit_log').where({ action: 'staff.login.failed' });
    expect(audit).toHaveLength(1);
  });

  it('says which fields are missing', async () => {
    const result = await call('auth.login', { username: '', password: '' }, null);
    expect(result.response).toMatchObject({
      ok: false,
      error: { type: 'validation', fields: { username: "L'identifiant est obligatoire.", password: 'Le mot de passe est obligatoire.' } },
    });
  });

  it('locks an identifiant after five failures in a quarter of an hour', async () => {
    await core.db.transaction(async (trx) => {
      const { hashPassword } = await import('../../shared/core/accounts/password-hash');
      await trx('staff_users').insert({
        username: 'cible',
        display_name: 'Cible',
        password_hash: await hashPassword('Correct2026'),
        role: 'agent',
        active: true,
        created_at: 'x',
        updated_at: 'x',
      });
    });
    for (let i = 0; i < 5; i += 1) await call('auth.login', { username: 'cible', password: `faux${i}` }, null);
    const locked = await call('auth.login', { username: 'cible', password: 'Correct2026' }, null);
    expect(locked.response).toMatchObject({ ok: false, error: { message: expect.stringContaining('Trop de tentatives') } });
  });

  it('ends the session at logout', async () => {
    const login = await call('auth.login', { username: 'agent', password: 'Mairie2015' }, null);
    const token = login.sessionToken!;
    expect(answerOf<{ username: string }>(await call('auth.me', {}, token)).username).toBe('agent');
    const logout = await call('auth.logout', {}, token);
    expect(logout.sessionToken).toBeNull();
    expect((await call('auth.me', {}, token)).response.ok).toBe(false);
  });

  it('tells the back-office the server’s date, Paris time, not the workstation’s', async () => {
    // TEST_NOW is 09:00 UTC on Monday 30 November 2026: the same day in Paris.
    expect(answerOf(await call('clock.now', {}))).toEqual({ now: '2026-11-30T09:00:00.000Z', today: '2026-11-30' });
  });

  it('keeps admin operations from agents', async () => {
    const result = await call('staff.create', {
      username: 'nouvel.agent',
      displayName: 'Nouvel agent',
      password: 'Motdepasse2026',
      role: 'agent',
    });
    expect(result.response).toMatchObject({ ok: false, error: { type: 'forbidden' } });
    await insertStaffUser(
      core.db,
      { username: 'admin', displayName: 'Administrateur', password: 'Admin2026!', role: 'admin' },
      '2026-11-29T00:00:00Z',
    );
    const adminToken = (await call('auth.login', { username: 'admin', password: 'Admin2026!' }, null)).sessionToken!;
    const created = answerOf<{ username: string; role: string }>(
      await call(
        'staff.create',
        { username: 'nouvel.agent', displayName: 'Nouvel agent', password: 'Motdepasse2026', role: 'agent' },
        adminToken,
      ),
    );
    expect(created).toMatchObject({ username: 'nouvel.agent', role: 'agent' });
  });
});

interface Page {
  rows: Array<{ id: number; familyNumber: string; responsableName: string; childrenCount: number }>;
  total: number;
}

describe('the families grid is paged, sorted and searched by the server', () => {
  it('returns one page and the total', async () => {
    const page = answerOf<Page>(await call('families.list', { page: 0, pageSize: 10 }));
    expect(page.rows).toHaveLength(10);
    expect(page.total).toBe(63); // DUPONT, MARTIN, ROBERT and the sixty other demo households
    const lastPage = answerOf<Page>(await call('families.list', { page: 6, pageSize: 10 }));
    expect(lastPage.rows).toHaveLength(3);
  });

  it('never shows a family twice across pages', async () => {
    const ids: number[] = [];
    for (let page = 0; page < 7; page += 1)
      ids.push(...answerOf<Page>(await call('families.list', { page, pageSize: 10, sortField: 'city' })).rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(63);
  });

  it('sorts by family number both ways', async () => {
    const asc = answerOf<Page>(await call('families.list', { pageSize: 5, sortField: 'familyNumber', sortDirection: 'asc' }));
    const desc = answerOf<Page>(await call('families.list', { pageSize: 5, sortField: 'familyNumber', sortDirection: 'desc' }));
    expect(asc.rows[0]!.familyNumber).toBe('1001001010331');
    expect(desc.rows[0]!.familyNumber > asc.rows[4]!.familyNumber).toBe(true);
    expect(asc.rows.map((r) => r.familyNumber)).toEqual([...asc.rows.map((r) => r.familyNumber)].sort());
  });

  it('finds a family by a child’s first name, without accents or case', async () => {
    const page = answerOf<Page>(await call('families.list', { search: 'lea dupont' }));
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ responsableName: 'DUPONT JEAN', childrenCount: 2 });
  });

  it('treats % and _ in a search as text', async () => {
    expect(answerOf<Page>(await call('families.list', { search: '%' })).total).toBe(0);
    expect(answerOf<Page>(await call('families.list', { search: '_' })).total).toBe(0);
  });

  it('refuses a page size over 100', async () => {
    expect((await call('families.list', { pageSize: 5000 })).response).toMatchObject({ ok: false, error: { type: 'validation' } });
  });
});

describe('an agent creates and edits a family', () => {
  let familyId: number;
  let version: number;

  it('creates the family with a new number, upper-cased names and an audit entry', async () => {
    const created = answerOf<{
      id: number;
      familyNumber: string;
      version: number;
      responsable: { lastName: string };
      conjoint: { firstName: string };
    }>(await call('families.create', jeanneMartin));
    familyId = created.id;
    version = created.version;
    expect(created.familyNumber).toMatch(/^\d{13}$/);
    expect(created.responsable.lastName).toBe('MARTIN');
    expect(created.conjoint.firstName).toBe('PAUL');
    const audit = await core
      .db('audit_log')
      .where({ action: 'family.create', entity_id: String(familyId) })
      .first();
    expect(audit).toMatchObject({ actor_type: 'staff', actor_label: 'agent' });
  });

  it('refuses bad input with French messages and writes nothing', async () => {
    const before = await core.db('families').count<{ n: number }[]>({ n: '*' }).first();
    const result = await call('families.create', {
      ...jeanneMartin,
      responsable: { ...jeanneMartin.responsable, email: 'jeanne@', postalCode: 'ABCDE' },
    });
    expect(result.response).toMatchObject({
      ok: false,
      error: {
        type: 'validation',
        fields: { 'responsable.email': 'Adresse e-mail invalide.', 'responsable.postalCode': 'Code postal invalide (5 chiffres).' },
      },
    });
    const after = await core.db('families').count<{ n: number }[]>({ n: '*' }).first();
    expect(Number(after!.n)).toBe(Number(before!.n));
  });

  it('records what changed when the family is edited', async () => {
    const updated = answerOf<{ version: number; responsable: { city: string } }>(
      await call('families.update', {
        ...jeanneMartin,
        id: familyId,
        expectedVersion: version,
        responsable: { ...jeanneMartin.responsable, city: 'Bourges', postalCode: '18000' },
      }),
    );
    expect(updated.responsable.city).toBe('Bourges');
    const audit = await core
      .db('audit_log')
      .where({ action: 'family.update', entity_id: String(familyId) })
      .first();
    expect(JSON.parse(audit.details_json).changes.responsable).toBeDefined();
    expect(JSON.stringify(JSON.parse(audit.details_json).changes)).toContain('Bourges');
  });

  it('refuses to overwrite a change made by someone else since the page was opened', async () => {
    const result = await call('families.update', { ...jeanneMartin, id: familyId, expectedVersion: version });
    expect(result.response).toMatchObject({ ok: false, error: { type: 'conflict' } });
    const family = answerOf<{ responsable: { city: string } }>(await call('families.get', { id: familyId }));
    expect(family.responsable.city).toBe('Bourges');
  });

  it('adds a child and refuses a birth date in the future', async () => {
    const child = answerOf<{ id: number; firstName: string }>(
      await call('children.create', { familyId, lastName: 'Martin', firstName: 'Zoé', birthDate: '2019-05-02', sex: 'F' }),
    );
    expect(child.firstName).toBe('ZOÉ');
    const future = await call('children.create', { familyId, lastName: 'Martin', firstName: 'Bébé', birthDate: '2030-01-01' });
    expect(future.response).toMatchObject({
      ok: false,
      error: { type: 'validation', message: 'La date de naissance ne peut pas être dans le futur.' },
    });
    const search = answerOf<Page>(await call('families.list', { search: 'zoe martin' }));
    expect(search.rows.map((r) => r.id)).toContain(familyId);
  });

  it('answers « Famille introuvable. » for an unknown id', async () => {
    expect((await call('families.get', { id: 999999 })).response).toEqual({
      ok: false,
      error: { type: 'not_found', message: 'Famille introuvable.' },
    });
  });
});
