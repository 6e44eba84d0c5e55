import type { ZodType } from 'zod';
import type { Ctx } from './context';
import type { OperationError } from './errors';

/** Who may call an operation: anyone (login), any active staff member, or admins only. */
/** « self »: what an agent may do while a password change is due (who am I, change it, log out). */
export type StaffAccess = 'public' | 'self' | 'agent' | 'admin';

/** Side effects an operation asks its door to carry out after the transaction. */
export interface DoorEffects {
  /** A new staff session token (login), or null to forget it (logout). */
  sessionToken?: string | null;
  /** A failure whose traces (failed login attempts) must be committed, not rolled back. */
  failAfterCommit?: OperationError;
  /** Set when the call queued e-mail: the door has the outbox delivered after commit. */
  mailQueued?: boolean;
}

export type StaffCtx = Ctx & { effects: DoorEffects };

export interface StaffOperation<I = unknown, O = unknown> {
  input: ZodType<I>;
  access: StaffAccess;
  run(ctx: StaffCtx, input: I): Promise<O>;
  /** It changes what the portal keeps as reference data (settings, calendar, closures, services): forget it after commit. */
  changesReferenceData?: boolean;
}

/** Typed helper so each operation's `run` sees the parsed type of its schema. */
export function staffOperation<I, O>(def: StaffOperation<I, O>): StaffOperation<I, O> {
  return def;
}
