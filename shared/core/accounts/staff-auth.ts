import type { z } from 'zod';
import type { Knex } from 'knex';
import type { staffCreateInput, staffLoginInput, StaffUserView, StaffRole } from '../../contracts/staff';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import { audit } from '../audit/audit-log';
import { nowIso } from '../clock';
import { hashPassword, verifyPassword } from './password-hash';
import { isThrottled, recordLoginAttempt, TOO_MANY_ATTEMPTS } from './login-throttle';
import { closeStaffSession, openStaffSession } from './staff-sessions';

const BAD_CREDENTIALS = 'Identifiant ou mot de passe incorrect.';
/** Five wrong passwords lock one agent's identifiant; an address failing on ten identifiants is stopped. */
export const STAFF_LIMITS = { loginLimit: 5, sourceLimit: 10, sourceCountsLogins: true } as const;

interface StaffUserRow {
  id: number;
  username: string;
  display_name: string;
  role: StaffRole;
  active: boolean | number;
  password_hash: string;
  must_change_password?: boolean | number;
}

export function presentStaffUser(row: StaffUserRow): StaffUserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    mustChangePassword: Boolean(row.must_change_password),
  };
}

export async function staffLogin(ctx: StaffCtx, input: z.output<typeof staffLoginInput>): Promise<StaffUserView> {
  const now = ctx.clock.now();
  const login = input.username.toLowerCase();
  if (await isThrottled(ctx.db, 'staff', login, ctx.source, now, STAFF_LIMITS)) {
    await audit(ctx, { action: 'staff.login.locked', entity: 'staff_user', details: { username: login } });
    ctx.effects.failAfterCommit = new OperationError('unauthenticated', TOO_MANY_ATTEMPTS);
    throw ctx.effects.failAfterCommit;
  }
  const user = await ctx.db<StaffUserRow>('staff_users').where({ username: login }).first();
  const passwordOk = await verifyPassword(input.password, user?.password_hash);
  if (!user || !passwordOk || !user.active) {
    await recordLoginAttempt(ctx.db, 'staff', login, ctx.source, false, now);
    await audit(ctx, { action: 'staff.login.failed', entity: 'staff_user', entityId: user?.id, details: { username: login } });
    ctx.effects.failAfterCommit = new OperationError('unauthenticated', BAD_CREDENTIALS);
    throw ctx.effects.failAfterCommit;
  }
  await recordLoginAttempt(ctx.db, 'staff', login, ctx.source, true, now);
  await ctx.db('staff_users').where({ id: user.id }).update({ last_login_at: now.toISOString() });
  ctx.effects.sessionToken = await openStaffSession(ctx.db, user.id, now);
  const staffActor = { kind: 'staff' as const, userId: user.id, username: user.username, role: user.role, sessionId: '' };
  await audit({ ...ctx, actor: staffActor }, { action: 'staff.login', entity: 'staff_user', entityId: user.id });
  return presentStaffUser(user);
}

export async function staffLogout(ctx: StaffCtx): Promise<{ loggedOut: true }> {
  if (ctx.actor.kind === 'staff') {
    await closeStaffSession(ctx.db, ctx.actor.sessionId);
    await audit(ctx, { action: 'staff.logout', entity: 'staff_user', entityId: ctx.actor.userId });
  }
  ctx.effects.sessionToken = null;
  return { loggedOut: true };
}

export async function currentStaffUser(ctx: StaffCtx): Promise<StaffUserView> {
  if (ctx.actor.kind !== 'staff') throw new OperationError('unauthenticated', 'Veuillez vous connecter.');
  const user = await ctx.db<StaffUserRow>('staff_users').where({ id: ctx.actor.userId }).first();
  if (!user) throw new OperationError('unauthenticated', 'Veuillez vous connecter.');
  return presentStaffUser(user);
}

/** Creates a staff account; used by admins through the API and by the first-admin command. */
export async function insertStaffUser(
  db: Knex | Knex.Transaction,
  input: z.output<typeof staffCreateInput>,
  at: string,
): Promise<StaffUserView> {
  const username = input.username.toLowerCase();
  const existing = await db('staff_users').where({ username }).first('id');
  if (existing)
    throw new OperationError('conflict', `L'identifiant « ${username} » est déjà utilisé.`, { username: 'Identifiant déjà utilisé.' });
  const [row] = await db('staff_users')
    .insert({
      username,
      display_name: input.displayName,
      email: '',
      password_hash: await hashPassword(input.password),
      role: input.role,
      active: true,
      created_at: at,
      updated_at: at,
    })
    .returning('*');
  return presentStaffUser(row as StaffUserRow);
}

export async function createStaffUser(ctx: StaffCtx, input: z.output<typeof staffCreateInput>): Promise<StaffUserView> {
  const user = await insertStaffUser(ctx.db, input, nowIso(ctx.clock));
  await audit(ctx, {
    action: 'staff.create',
    entity: 'staff_user',
    entityId: user.id,
    details: { username: user.username, role: user.role },
  });
  return user;
}
