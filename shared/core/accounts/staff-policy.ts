import type { Actor } from '../context';
import type { StaffAccess } from '../operation';

/** Pure: may this actor call an operation of that access level? */
export function staffMay(actor: Actor, access: StaffAccess): boolean {
  if (access === 'public') return true;
  if (actor.kind !== 'staff') return false;
  if (access === 'self') return true;
  // A temporary password set by an admin opens nothing but its own change.
  if (actor.mustChangePassword) return false;
  if (access === 'admin') return actor.role === 'admin';
  return actor.role === 'agent' || actor.role === 'admin';
}
