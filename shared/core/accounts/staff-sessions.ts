import type { Knex } from 'knex';
import type { Actor } from '../context';
import type { StaffRole } from '../../contracts/staff';
import { newToken, tokenHash } from './tokens';

const IDLE_MS = 2 * 60 * 60 * 1000; // an unattended workstation locks after two hours
const ABSOLUTE_MS = 12 * 60 * 60 * 1000; // and every session ends within a working day

export async function openStaffSession(db: Knex | Knex.Transaction, userId: number, now: Date): Promise<string> {
  const token = newToken();
  await db('staff_sessions').insert({
    id: tokenHash(token),
    staff_user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ABSOLUTE_MS).toISOString(),
  });
  return token;
}

/** The staff actor behind a token, or anonymous when the session is unknown, expired or the user disabled. */
export async function resolveStaffSession(db: Knex.Transaction, token: string | null, now: Date): Promise<Actor> {
  if (!token) return { kind: 'anonymous' };
  const id = tokenHash(token);
  const row = await db('staff_sessions as s')
    .join('staff_users as u', 'u.id', 's.staff_user_id')
    .where('s.id', id)
    .first('s.id', 's.last_seen_at', 's.expires_at', 'u.id as user_id', 'u.username', 'u.role', 'u.active', 'u.must_change_password');
  if (!row) return { kind: 'anonymous' };
  const idleLimit = new Date(new Date(row.last_seen_at).getTime() + IDLE_MS);
  if (!row.active || now >= new Date(row.expires_at) || now >= idleLimit) {
    await db('staff_sessions').where({ id }).delete();
    return { kind: 'anonymous' };
  }
  // Touch at most once a minute: reads stay reads.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db('staff_sessions').where({ id }).update({ last_seen_at: now.toISOString() });
  }
  return {
    kind: 'staff',
    userId: row.user_id,
    username: row.username,
    role: row.role as StaffRole,
    sessionId: id,
    mustChangePassword: Boolean(row.must_change_password),
  };
}

export async function closeStaffSession(db: Knex.Transaction, sessionId: string): Promise<void> {
  await db('staff_sessions').where({ id: sessionId }).delete();
}
