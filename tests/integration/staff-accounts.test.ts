import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

// Agents' accounts, managed by admins from the back-office (the demo's admin: directrice).
const fixture = useStaffCore();
const as = async (token: string | null, name: string, input: unknown) =>
  (await fixture.core.dispatch({ name, input, sessionToken: token, source: 'test' })).response as any;
const logIn = async (username: string, password: string) => {
  const answer = await fixture.core.dispatch({ name: 'auth.login', input: { username, password }, sessionToken: null, source: 'test' });
  return { ok: (answer.response as any).ok as boolean, token: answer.sessionToken ?? null, user: (answer.response as any).value };
};
const accountOf = (rows: any[], username: string) => rows.find((r) => r.username === username);

describe('an admin manages the agents’ accounts', () => {
  it('lists every account with its role and last login; an agent may not', async () => {
    const admin = await logIn('directrice', 'Direction2015');
    expect(admin.ok).toBe(true);
    const list = await as(admin.token, 'staff.list', {});
    expect(accountOf(list.value, 'directrice')).toMatchObject({ role: 'admin', active: true, mustChangePassword: false });
    expect(accountOf(list.value, 'agent')).toMatchObject({ role: 'agent', active: true });
    expect(accountOf(list.value, 'directrice').lastLoginAt).toBe('2026-11-30T09:00:00.000Z');
    const refused = await fixture.staff('staff.list', {});
    expect(refused).toMatchObject({ ok: false, error: { type: 'forbidden' } });
  });

  it('resets a password: the agent must choose a new one before anything else', async () => {
    const admin = await logIn('directrice', 'Direction2015');
    const agent = accountOf((await as(admin.token, 'staff.list', {})).value, 'agent');
    const reset = await as(admin.token, 'staff.resetPassword', { id: agent.id, temporaryPassword: 'Provisoire-2026' });
    expect(reset.ok).toBe(true);
    expect(await fixture.staff('families.list', {})).toMatchObject({ ok: false, error: { type: 'unauthenticated' } }); // sessions ended
    const temporary = await logIn('agent', 'Provisoire-2026');
    expect(temporary.user).toMatchObject({ username: 'agent', mustChangePassword: true });
    const blocked = await as(temporary.token, 'families.list', {});
    expect(blocked.error.message).toBe('Choisissez d’abord un nouveau mot de passe : le vôtre a été réinitialisé par un administrateur.');
    const wrong = await as(temporary.token, 'auth.changePassword', { currentPassword: 'nope', newPassword: 'Nouveau-secret-26' });
    expect(wrong.error.fields).toEqual({ currentPassword: 'Mot de passe incorrect.' });
    const changed = await as(temporary.token, 'auth.changePassword', {
      currentPassword: 'Provisoire-2026',
      newPassword: 'Nouveau-secret-26',
    });
    expect(changed.value).toMatchObject({ mustChangePassword: false });
    expect((await as(temporary.token, 'families.list', {})).ok).toBe(true);
    expect((await logIn('agent', 'Nouveau-secret-26')).ok).toBe(true);
  });

  it('stops guessing the current password from an open session, as the login does', async () => {
    const admin = await logIn('directrice', 'Direction2015');
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect(
        (await as(admin.token, 'auth.changePassword', { currentPassword: `faux-${attempt}`, newPassword: 'Autre-secret-2026' })).ok,
      ).toBe(false);
    const blocked = await as(admin.token, 'auth.changePassword', { currentPassword: 'Direction2015', newPassword: 'Autre-secret-2026' });
    expect(blocked).toMatchObject({ ok: false, error: { type: 'unauthenticated' } });
    await fixture.core.db('login_attempts').del(); // the other tests log in as directrice again
  });

  it('disables an account: its sessions end and it can no longer log in', async () => {
    const admin = await logIn('directrice', 'Direction2015');
    const agentSession = await logIn('agent', 'Nouveau-secret-26');
    const agent = accountOf((await as(admin.token, 'staff.list', {})).value, 'agent');
    const disabled = await as(admin.token, 'staff.update', { id: agent.id, active: false });
    expect(accountOf(disabled.value, 'agent').active).toBe(false);
    expect((await as(agentSession.token, 'families.list', {})).ok).toBe(false);
    expect((await logIn('agent', 'Nouveau-secret-26')).ok).toBe(false);
    await as(admin.token, 'staff.update', { id: agent.id, active: true });
  });

  it('never leaves the commune without an active admin, even when two admins demote each other at once', async () => {
    const admin = await logIn('directrice', 'Direction2015');
    const me = accountOf((await as(admin.token, 'staff.list', {})).value, 'directrice');
    const alone = await as(admin.token, 'staff.update', { id: me.id, role: 'agent' });
    expect(alone).toMatchObject({ ok: false, error: { type: 'conflict' } });
    expect(alone.error.message).toContain('Il doit rester au moins un administrateur actif');
    expect(
      await as(admin.token, 'staff.create', {
        username: 'secretaire',
        displayName: 'Secrétaire de mairie',
        password: 'Secretaire-2026',
        role: 'admin',
      }),
    ).toMatchObject({ ok: true });
    const second = await logIn('secretaire', 'Secretaire-2026');
    const other = accountOf((await as(admin.token, 'staff.list', {})).value, 'secretaire');
    const results = await Promise.all([
      as(admin.token, 'staff.update', { id: other.id, role: 'agent' }),
      as(second.token, 'staff.update', { id: me.id, active: false }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const admins = await fixture.core.db('staff_users').where({ role: 'admin', active: true });
    expect(admins).toHaveLength(1);
  });
});
