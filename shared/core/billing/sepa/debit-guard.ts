import type { Knex } from 'knex';
import { formatShortFrenchDate } from '../../../domain/french-dates';
import { OperationError } from '../../errors';

/**
 * Refuses what would make the family pay twice or be debited for nothing — a counter payment,
 * an avoir, revoking the mandate — while one of these invoices is in a batch sent to the bank and
 * not yet confirmed: the agent first withdraws it from the batch (and asks the bank to cancel it).
 */
export async function refuseWhileInBatch(db: Knex, invoiceIds: number[], before: string): Promise<void> {
  if (!invoiceIds.length) return;
  const pending = await db('sepa_debits as d')
    .join('sepa_batches as b', 'b.id', 'd.batch_id')
    .join('invoices as i', 'i.id', 'd.invoice_id')
    .whereIn('d.invoice_id', invoiceIds)
    .where('d.status', 'pending')
    .first('i.number', 'b.message_id', 'b.collection_date');
  if (pending) {
    throw new OperationError(
      'conflict',
      `La facture ${pending.number} est dans le lot de prélèvement ${pending.message_id} du ${formatShortFrenchDate(pending.collection_date)} : retirez-la du lot (Règlements, Prélèvements SEPA) avant ${before}.`,
    );
  }
}
