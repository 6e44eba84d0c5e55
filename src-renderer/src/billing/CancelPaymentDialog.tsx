import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import type { JournalRow } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';
import { euros, savePdf, shortDate } from './pdf-download';

/** One payment, and its cancellation by an opposite entry with a reason. */
export function CancelPaymentDialog({
  payment,
  onClose,
  onCancelled,
}: {
  payment: JournalRow;
  onClose: () => void;
  onCancelled: (message: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const cancellable = payment.amountCents > 0 && !payment.cancelledByPaymentId && payment.status === 'confirmed';
  const cancel = async () => {
    setBusy(true);
    setError('');
    try {
      await callStaffApi('payments.cancel', { paymentId: payment.id, reason });
      onCancelled(
        `Règlement de ${euros(payment.amountCents)} (${payment.familyName}) annulé${payment.invoices.length ? ` : ${payment.invoices.join(', ')} de nouveau à payer` : ''}.`,
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="payment-dialog-title" fullWidth maxWidth="sm">
      <DialogTitle id="payment-dialog-title">
        Règlement du {shortDate(payment.paidOn)} — {euros(payment.amountCents)}
      </DialogTitle>
      <DialogContent>
        <Typography gutterBottom>
          {payment.familyName} ({payment.familyNumber}) — {payment.typeLabel} {payment.reference}
        </Typography>
        <Typography gutterBottom>
          Factures : {payment.invoices.length ? payment.invoices.join(', ') : 'aucune (avoir sur le compte)'}
        </Typography>
        {payment.cancelledByPaymentId ? <Alert severity="info">Ce règlement est annulé : {payment.cancelReason}</Alert> : null}
        {payment.cancelsPaymentId ? <Alert severity="info">Cette écriture annule un règlement : {payment.cancelReason}</Alert> : null}
        {error ? (
          <Alert severity="error" role="alert" sx={{ my: 1 }}>
            {error}
          </Alert>
        ) : null}
        {cancellable ? (
          <form
            id="cancel-payment"
            onSubmit={(event) => {
              event.preventDefault();
              cancel();
            }}
          >
            <TextField
              label="Motif de l'annulation"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              fullWidth
              sx={{ mt: 2 }}
              slotProps={{ htmlInput: { maxLength: 200 } }}
              helperText="Le règlement n'est pas supprimé : une écriture opposée l'annule et les factures qu'il réglait sont de nouveau dues."
            />
          </form>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button
          onClick={() => callStaffApi('payments.receipt', { id: payment.id, copy: true }).then(savePdf, (e) => setError(errorMessage(e)))}
        >
          Reçu (PDF)
        </Button>
        <Button onClick={onClose}>Fermer</Button>
        {cancellable ? (
          <Button type="submit" form="cancel-payment" color="error" variant="contained" disabled={busy || reason.trim() === ''}>
            Annuler ce règlement
          </Button>
        ) : null}
      </DialogActions>
    </Dialog>
  );
}
