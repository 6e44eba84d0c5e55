import { nowIso } from '../clock';
import type { StaffCtx } from '../operation';
import { queueEmail, type OutgoingEmail } from './mailer';

/** Queues an e-mail in the operation's transaction; the door delivers it once the call commits. */
export async function queueStaffEmail(ctx: StaffCtx, message: OutgoingEmail): Promise<void> {
  await queueEmail(ctx.db, message, nowIso(ctx.clock));
  ctx.effects.mailQueued = true;
}
