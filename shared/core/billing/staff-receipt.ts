import { OperationError } from '../errors';
import type { StaffCtx } from '../operation';
import { paymentReceiptPdf } from './payment-receipt';

/** A payment's receipt for the agent (the numbered cash receipt to hand over, or any payment's). */
export async function staffPaymentReceipt(ctx: StaffCtx, paymentId: number, copy: boolean): Promise<{ fileName: string; base64: string }> {
  const receipt = await paymentReceiptPdf(ctx.db, paymentId, { copy });
  if (!receipt) throw new OperationError('not_found', 'Ce règlement n’existe pas (ou a été rejeté).');
  return { fileName: receipt.fileName, base64: receipt.pdf.toString('base64') };
}
