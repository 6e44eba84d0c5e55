import type { z } from '../../contracts/zod-fr';
import type { paymentCancelInput } from '../../contracts/billing';
import { formatShortFrenchDate } from '../../domain/french-dates';
import { isUniqueViolation } from '../../db/unique-violation';
import { isPostgres } from '../../db/connection';
import { insertId } from '../../db/insert-id';
import { audit } from '../audit/audit-log';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';

/**
 * A payment is never deleted: it is cancelled by an opposite entry (same family, mode and
 * régie, the amount negated, dated today, with its reason) whose allocations negate the
 * original's, so that what it settled is due again and the journal still shows both. The
 * unique index on cancels_payment_id makes one cancellation, however many agents click.
 */
export async function cancelPayment(ctx: StaffCtx, input: z.output<typeof paymentCancelInput>) {
  // The payment's row is held until commit (PostgreSQL): a bordereau made at the same moment
  // waits, then sees the cancellation and leaves the cheque out.
  const query = ctx.db('payments').where({ id: input.paymentId });
  const payment = await (isPostgres(ctx.db) ? query.forUpdate() : query).first();
  if (!payment) throw new OperationError('not_found', 'Ce règlement n’existe pas.');
  const earlier = await ctx.db('payments').where({ cancels_payment_id: payment.id }).first('paid_on');
  if (earlier) throw new OperationError('conflict', `Ce règlement a déjà été annulé le ${formatShortFrenchDate(earlier.paid_on)}.`);
  if (payment.cancels_payment_id != null)
    throw new OperationError('conflict', 'Une annulation ne s’annule pas : enregistrez un nouveau règlement.');
  if (payment.status !== 'confirmed') {
    throw new OperationError(
      'conflict',
      payment.status === 'to_confirm'
        ? 'Ce paiement en ligne est à confirmer : rejetez-le depuis « Paiements en ligne à confirmer ».'
        : 'Ce règlement a été rejeté : il ne compte déjà plus.',
    );
  }
  if (payment.type === 'titre') {
    throw new OperationError('conflict', 'Un titre émis se règle avec la trésorerie : il ne s’annule pas ici.');
  }
  const allocations = await ctx.db('payment_allocations').where({ payment_id: payment.id }).select('invoice_id', 'amount_cents');
  const at = ctx.clock.now().toISOString();
  let cancellationId: number;
  try {
    cancellationId = await insertId(ctx.db, 'payments', {
      family_id: payment.family_id,
      type: payment.type,
      reference: cancellationReference(payment).slice(0, 60),
      ormc_number: null,
      paid_on: today(ctx.clock),
      amount_cents: -Number(payment.amount_cents),
      recorded_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      status: 'confirmed',
      regie_id: payment.regie_id,
      cancels_payment_id: payment.id,
      cancel_reason: input.reason,
      created_at: at,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new OperationError('conflict', 'Ce règlement vient d’être annulé par un autre poste.');
    throw error;
  }
  if (allocations.length) {
    await ctx
      .db('payment_allocations')
      .insert(allocations.map((a) => ({ payment_id: cancellationId, invoice_id: a.invoice_id, amount_cents: -Number(a.amount_cents) })));
  }
  await audit(ctx, {
    action: 'payments.cancel',
    entity: 'payment',
    entityId: payment.id,
    details: { reason: input.reason, cancellation: cancellationId, amountCents: Number(payment.amount_cents) },
  });
  return { cancellationId };
}

/** What the opposite entry says: the receipt it cancels for cash, the bordereau for a deposited cheque (an unpaid cheque). */
function cancellationReference(payment: { paid_on: string; receipt_number: number | null; cheque_deposit_id: number | null }): string {
  const base = `Annulation du règlement du ${formatShortFrenchDate(payment.paid_on)}`;
  if (payment.receipt_number) return `${base} (reçu n° ${payment.receipt_number})`;
  if (payment.cheque_deposit_id) return `Chèque impayé (remis en banque) du ${formatShortFrenchDate(payment.paid_on)}`;
  return base;
}
