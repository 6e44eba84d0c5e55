import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { InvoiceDetail } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';
import { euros, savePdf, shortDate } from './pdf-download';
import { parisDateTime } from '../server-clock';

const PAYFIP_STATUS: Record<string, string> = {
  pending: 'en cours',
  paid: 'payé',
  refused: 'refusé',
  abandoned: 'abandonné',
  failed: 'échec',
  expired: 'expiré',
  mismatch: 'réponse incohérente',
};

/** One invoice: lines, what paid it, PayFiP attempts; print it, or cancel it by an avoir. */
export function InvoiceDialog({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: (message: string) => void }) {
  const [detail, setDetail] = useState<InvoiceDetail | null>(null);
  const [error, setError] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  useEffect(() => {
    callStaffApi('invoices.get', { id }).then(setDetail, (e) => setError(errorMessage(e)));
  }, [id]);

  const print = () => callStaffApi('invoices.pdf', { invoiceIds: [id] }).then(savePdf, (e) => setError(errorMessage(e)));
  const cancel = async () => {
    setError('');
    try {
      const result = await callStaffApi('invoices.cancel', { invoiceId: id, reason });
      onChanged(`Facture ${detail?.number} annulée par l’avoir ${result.creditNoteNumber}.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const title = detail ? `${detail.kind === 'credit_note' ? 'Avoir' : 'Facture'} ${detail.number} — ${detail.familyName}` : 'Facture';
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="invoice-dialog-title">
      <DialogTitle id="invoice-dialog-title">{title}</DialogTitle>
      <DialogContent>
        <ErrorAlert error={error} />
        {detail ? (
          <>
            <Typography sx={{ mb: 1 }}>
              {detail.regie} — famille n° {detail.familyNumber} — période {detail.periodMonth.split('-').reverse().join('/')} — émise le{' '}
              {shortDate(detail.issuedOn)}, échéance {shortDate(detail.dueOn)}
            </Typography>
            {detail.status === 'cancelled' ? (
              <Alert severity="warning" sx={{ mb: 2 }}>
                Annulée{detail.creditNote ? ` par l’avoir ${detail.creditNote.number}` : ''} : {detail.cancelReason}
              </Alert>
            ) : null}
            {detail.cancels ? (
              <Alert severity="info" sx={{ mb: 2 }}>
                Avoir sur la facture {detail.cancels.number} : {detail.cancelReason}
              </Alert>
            ) : null}
            <Table size="small" aria-label="Lignes">
              <TableHead>
                <TableRow>
                  <TableCell>Prestation</TableCell>
                  <TableCell>Détail</TableCell>
                  <TableCell align="right">Quantité</TableCell>
                  <TableCell align="right">Prix unitaire</TableCell>
                  <TableCell align="right">Montant</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {detail.lines.map((l, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: an invoice’s lines never change nor move once issued.
                  <TableRow key={i}>
                    <TableCell>{l.label}</TableCell>
                    <TableCell>{l.details}</TableCell>
                    <TableCell align="right">{l.quantity}</TableCell>
                    <TableCell align="right">{euros(l.unitPriceCents)}</TableCell>
                    <TableCell align="right">{euros(l.amountCents)}</TableCell>
                  </TableRow>
                ))}
                <TableRow>
                  <TableCell colSpan={4} align="right">
                    <strong>Total</strong>
                  </TableCell>
                  <TableCell align="right">
                    <strong>{euros(detail.totalCents)}</strong>
                  </TableCell>
                </TableRow>
                {detail.kind === 'invoice' ? (
                  <TableRow>
                    <TableCell colSpan={4} align="right">
                      Reste à payer
                    </TableCell>
                    <TableCell align="right">{euros(detail.remainingCents)}</TableCell>
                  </TableRow>
                ) : null}
              </TableBody>
            </Table>
            <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
              Règlements
            </Typography>
            {detail.allocations.length === 0 ? (
              <Typography color="text.secondary">Aucun règlement.</Typography>
            ) : (
              detail.allocations.map((a) => (
                <Typography key={a.paymentId}>
                  {shortDate(a.paidOn)} — {a.typeLabel} — {euros(a.amountCents)}
                </Typography>
              ))
            )}
            {detail.payfip.length ? (
              <>
                <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
                  Paiements en ligne (PayFiP)
                </Typography>
                {detail.payfip.map((p) => (
                  <Typography key={p.id}>
                    {parisDateTime(p.createdAt)} — {p.mode === 'ws' ? 'web-service' : 'mode URL'} — {euros(p.amountCents)} —{' '}
                    {PAYFIP_STATUS[p.status] ?? p.status}
                    {p.numauto ? ` (autorisation ${p.numauto})` : ''}
                  </Typography>
                ))}
              </>
            ) : null}
            {cancelling ? (
              <TextField
                label="Motif de l’avoir"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                fullWidth
                sx={{ mt: 3 }}
                autoFocus
                helperText="Une facture émise ne se modifie pas : l’avoir l’annule et libère ses journées pour la prochaine facturation."
              />
            ) : null}
          </>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Fermer</Button>
        {detail ? <Button onClick={print}>Imprimer (PDF)</Button> : null}
        {detail?.kind === 'invoice' && detail.status === 'issued' ? (
          cancelling ? (
            <Button color="error" variant="contained" onClick={cancel}>
              Émettre l’avoir
            </Button>
          ) : (
            <Button color="error" onClick={() => setCancelling(true)}>
              Annuler par un avoir
            </Button>
          )
        ) : null}
      </DialogActions>
    </Dialog>
  );
}
