import type { z } from 'zod';
import { type StaffAccountRow, staffChangePasswordInput, staffResetPasswordInput, staffUpdateInput } from '../../contracts/staff';
import { z as zod } from '../../contracts/zod-fr';
import { isPostgres } from '../../db/connection';
import { audit } from '../audit/audit-log';
import { nowIso } from '../clock';
import { conflict, notFound, OperationError } from '../errors';
import { staffOperation, type StaffCtx } from '../operation';
import { hashPassword, verifyPassword } from './password-hash';
import { isThrottled, recordLoginAttempt, TOO_MANY_ATTEMPTS } from './login-throttle';
import { currentStaffUser, STAFF_LIMITS } from './staff-auth';

/** Every agent's account, admins first, with when each last logged in. */
export async function listStaffAccounts(ctx: StaffCtx): Promise<StaffAccountRow[]> {
  const rows = await ctx
    .db('staff_users')
    .orderBy([{ column: 'role' }, { column: 'display_name' }])
    .select('id', 'username', 'display_name', 'role', 'active', 'must_change_password', 'last_login_at', 'created_at');
  return rows.map((r) => ({
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    active: Boolean(r.active),
    mustChangePassword: Boolean(r.must_change_password),
    lastLoginAt: r.last_login_at ?? null,
    createdAt: r.created_at,
  }));
}

/**
 * An admin changes an agent's role, name, or disables the account (its sessions end at once).
 * There is always an active admin left: the admins' rows are locked before they are counted
 * (PostgreSQL; SQLite writes one transaction at a time), so two admins demoting each other at
 * the same moment leave one of them admin.
 */
export async function updateStaffAccount(ctx: StaffCtx, input: z.output<typeof staffUpdateInput>): Promise<StaffAccountRow[]> {
  const admins = ctx.db('staff_users').where({ role: 'admin', active: true });
  await (isPostgres(ctx.db) ? admins.forUpdate() : admins).select('id');
  const before = await ctx.db('staff_users').where({ id: input.id }).first('id', 'role', 'active', 'display_name');
  if (!before) throw notFound('Compte agent');
  const columns: Record<string, unknown> = { updated_at: nowIso(ctx.clock) };
  if (input.role !== undefined) columns.role = input.role;
  if (input.active !== undefined) columns.active = input.active;
  if (input.displayName !== undefined) columns.display_name = input.displayName;
  await ctx.db('staff_users').where({ id: input.id }).update(columns);
  const left = await ctx.db('staff_users').where({ role: 'admin', active: true }).count<{ n: number | string }[]>({ n: '*' }).first();
  if (Number(left?.n ?? 0) === 0)
    throw conflict('Il doit rester au moins un administrateur actif : nommez-en un autre avant de retirer celui-ci.');
  if (input.active === false) await ctx.db('staff_sessions').where({ staff_user_id: input.id }).delete();
  // SQLite keeps booleans as 0/1: compared as booleans, not as what the driver answers.
  const was = (key: 'role' | 'active' | 'display_name') => (key === 'active' ? Boolean(before.active) : before[key]);
  await audit(ctx, {
    action: 'staff.update',
    entity: 'staff_user',
    entityId: input.id,
    details: {
      changes: Object.fromEntries(
        (['role', 'active', 'display_name'] as const)
          .filter((key) => key in columns && was(key) !== columns[key])
          .map((key) => [key, [was(key), columns[key]]]),
      ),
    },
  });
  return listStaffAccounts(ctx);
}

/** An admin gives an agent a temporary password; the agent must choose a new one at the next login. */
export async function resetStaffPassword(ctx: StaffCtx, input: z.output<typeof staffResetPasswordInput>): Promise<StaffAccountRow[]> {
  const changed = await ctx
    .db('staff_users')
    .where({ id: input.id })
    .update({ password_hash: await hashPassword(input.temporaryPassword), must_change_password: true, updated_at: nowIso(ctx.clock) });
  if (!changed) throw notFound('Compte agent');
  await ctx.db('staff_sessions').where({ staff_user_id: input.id }).delete();
  await audit(ctx, { action: 'staff.password_reset', entity: 'staff_user', entityId: input.id });
  return listStaffAccounts(ctx);
}

/** The agent changes their own password (required after a reset): the current one first. */
export async function changeOwnStaffPassword(ctx: StaffCtx, input: z.output<typeof staffChangePasswordInput>) {
  if (ctx.actor.kind !== 'staff') throw new OperationError('unauthenticated', 'Veuillez vous connecter.');
  const now = ctx.clock.now();
  const login = ctx.actor.username;
  // The same limits as the login: a session left open is not a way to try passwords at leisure.
  if (await isThrottled(ctx.db, 'staff', login, ctx.source, now, STAFF_LIMITS)) {
    ctx.effects.failAfterCommit = new OperationError('unauthenticated', TOO_MANY_ATTEMPTS);
    throw ctx.effects.failAfterCommit;
  }
  const user = await ctx.db('staff_users').where({ id: ctx.actor.userId }).first('password_hash');
  if (!(await verifyPassword(input.currentPassword, user?.password_hash))) {
    await recordLoginAttempt(ctx.db, 'staff', login, ctx.source, false, now);
    // Kept although the call fails: the attempt counts.
    ctx.effects.failAfterCommit = new OperationError('validation', 'Le mot de passe actuel est incorrect.', {
      currentPassword: 'Mot de passe incorrect.',
    });
    throw ctx.effects.failAfterCommit;
  }
  if (input.newPassword === input.currentPassword)
    throw new OperationError('validation', 'Choisissez un mot de passe différent de l’actuel.', { newPassword: 'Identique à l’actuel.' });
  await ctx
    .db('staff_users')
    .where({ id: ctx.actor.userId })
    .update({ password_hash: await hashPassword(input.newPassword), must_change_password: false, updated_at: nowIso(ctx.clock) });
  // The other sessions of this agent end: only the one that changed it stays open.
  await ctx.db('staff_sessions').where({ staff_user_id: ctx.actor.userId }).whereNot({ id: ctx.actor.sessionId }).delete();
  await audit(ctx, { action: 'staff.password_change', entity: 'staff_user', entityId: ctx.actor.userId });
  return currentStaffUser(ctx);
}

/** This folder's operations, merged into the staff handler table. */
export const staffAdminOperations = {
  'staff.list': staffOperation({ input: zod.object({}).strict(), access: 'admin', run: (ctx) => listStaffAccounts(ctx) }),
  'staff.update': staffOperation({ input: staffUpdateInput, access: 'admin', run: updateStaffAccount }),
  'staff.resetPassword': staffOperation({ input: staffResetPasswordInput, access: 'admin', run: resetStaffPassword }),
  'auth.changePassword': staffOperation({ input: staffChangePasswordInput, access: 'self', run: changeOwnStaffPassword }),
};
