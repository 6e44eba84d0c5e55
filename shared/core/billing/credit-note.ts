import { audit } from '../audit/audit-log';
import { today } from '../clock';
import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import type { z } from '../../contracts/zod-fr';
import type { invoiceCancelInput } from '../../contracts/billing';
import { takeInvoiceNumbers } from './invoice-run';
import { refuseWhileInBatch } from './sepa/debit-guard';
import { insertId } from '../../db/insert-id';

/**
 * An issued invoice is never edited: it is cancelled by a credit note (avoir) that takes the
 * next number of the same régie and repeats its lines with the opposite sign. Its planning
 * days are freed, so that once the planning is corrected the next run bills them again.
 * Payments already allocated stay where they are: the avoir leaves the family in credit.
 */
export async function cancelInvoice(ctx: StaffCtx, input: z.infer<typeof invoiceCancelInput>) {
  const trx = ctx.db;
  const invoice = await trx('invoices').where({ id: input.invoiceId }).first();
  if (!invoice) throw new OperationError('not_found', 'Facture introuvable.');
  if (invoice.kind !== 'invoice') throw new OperationError('validation', 'Un avoir ne s’annule pas.');
  const titre = await trx('titre_pieces').where({ invoice_id: invoice.id }).first('ormc_number');
  if (titre) {
    throw new OperationError(
      'conflict',
      `La facture ${invoice.number} a été transmise à la trésorerie (titre ORMC n° ${titre.ormc_number}) : son annulation se demande à la trésorerie, par un certificat administratif d’annulation.`,
    );
  }
  await refuseWhileInBatch(trx, [Number(invoice.id)], 'de l’annuler');
  const { prefix, first } = await takeInvoiceNumbers(trx, invoice.regie_id, 1);
  // Claimed after the régie lock: of two agents cancelling at once, one makes the avoir.
  const claimed = await trx('invoices')
    .where({ id: invoice.id, status: 'issued' })
    .update({ status: 'cancelled', cancel_reason: input.reason });
  if (!claimed) throw new OperationError('conflict', `La facture ${invoice.number} est déjà annulée.`);
  const todayIso = today(ctx.clock);
  const at = ctx.clock.now().toISOString();
  const creditId = await insertId(trx, 'invoices', {
    regie_id: invoice.regie_id,
    family_id: invoice.family_id,
    sequence: first,
    number: `${prefix}-${first}`,
    kind: 'credit_note',
    cancels_invoice_id: invoice.id,
    period_month: invoice.period_month,
    school_year_id: invoice.school_year_id,
    issued_on: todayIso,
    due_on: todayIso,
    total_cents: -Number(invoice.total_cents),
    status: 'issued',
    cancel_reason: input.reason,
    created_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    created_at: at,
  });
  const lines = await trx('invoice_lines').where({ invoice_id: invoice.id }).orderBy('id');
  if (lines.length) {
    await trx('invoice_lines').insert(
      lines.map((l) => ({
        invoice_id: creditId,
        child_id: l.child_id,
        service_id: l.service_id,
        label: l.label,
        details: `Avoir sur ${invoice.number}`,
        quantity: -Number(l.quantity),
        unit_price_cents: l.unit_price_cents,
        amount_cents: -Number(l.amount_cents),
      })),
    );
  }
  const freedDays = await trx('planning_day_invoices').where({ invoice_id: invoice.id }).delete();
  await audit(ctx, {
    action: 'invoices.cancel',
    entity: 'invoice',
    entityId: invoice.id,
    details: { number: invoice.number, creditNote: `${prefix}-${first}`, reason: input.reason, freedDays },
  });
  return { creditNoteId: creditId, creditNoteNumber: `${prefix}-${first}` };
}
