import { describe, expect, it } from 'vitest';
import { staffMay } from '../../shared/core/accounts/staff-policy';
import type { Actor } from '../../shared/core/context';

const agent: Actor = { kind: 'staff', userId: 1, username: 'agent', role: 'agent', sessionId: 's' };
const admin: Actor = { kind: 'staff', userId: 2, username: 'admin', role: 'admin', sessionId: 's' };
const family: Actor = { kind: 'family', accountId: 1, familyId: 1, login: 'jean.dupont', sessionId: 's' };

describe('who may call a staff operation', () => {
  it('lets anyone log in', () => {
    expect(staffMay({ kind: 'anonymous' }, 'public')).toBe(true);
  });
  it('keeps agent operations for staff, never for a family or a stranger', () => {
    expect(staffMay(agent, 'agent')).toBe(true);
    expect(staffMay(admin, 'agent')).toBe(true);
    expect(staffMay(family, 'agent')).toBe(false);
    expect(staffMay({ kind: 'anonymous' }, 'agent')).toBe(false);
  });
  it('keeps admin operations for admins', () => {
    expect(staffMay(admin, 'admin')).toBe(true);
    expect(staffMay(agent, 'admin')).toBe(false);
  });
  it('opens nothing but « self » to an agent whose password was reset, admin or not', () => {
    const reset: Actor = { ...admin, mustChangePassword: true } as Actor;
    expect(staffMay(reset, 'self')).toBe(true);
    expect(staffMay(reset, 'agent')).toBe(false);
    expect(staffMay(reset, 'admin')).toBe(false);
    expect(staffMay(family, 'self')).toBe(false);
  });
});
