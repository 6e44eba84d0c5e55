import { useEffect, useState } from 'react';
import { Alert, Card, CardContent, List, ListItem, ListItemText, Typography } from '@mui/material';
import type { PaymentRow } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';
import { euros, shortDate } from './pdf-download';

/** Online payments that arrived for an invoice already settled (the card was debited twice): the régie pays them back. */
export function RefundsToMake({ reload }: { reload: number }) {
  const [rows, setRows] = useState<PaymentRow[]>([]);
  const [error, setError] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger.
  useEffect(() => {
    callStaffApi('payments.list', { status: 'refund_due', pageSize: 100 }).then(
      (page) => setRows(page.rows),
      (e) => setError(errorMessage(e)),
    );
  }, [reload]);
  if (!rows.length && !error) return null;
  return (
    <Card variant="outlined" sx={{ mb: 3 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Paiements en ligne à rembourser
        </Typography>
        {error ? (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        ) : (
          <Alert severity="warning" sx={{ mb: 1 }}>
            Ces paiements sont arrivés pour une facture déjà réglée : remboursez la famille du montant indiqué.
          </Alert>
        )}
        <List dense>
          {rows.map((row) => (
            <ListItem key={row.id} disableGutters>
              <ListItemText
                primary={`${row.familyName} (${row.familyNumber}) — à rembourser : ${euros(row.refundDueCents)}`}
                secondary={`${shortDate(row.paidOn)} — ${row.typeLabel} ${row.reference} — ${euros(row.amountCents)}${row.invoices.length ? ` — ${row.invoices.join(', ')}` : ''}`}
              />
            </ListItem>
          ))}
        </List>
      </CardContent>
    </Card>
  );
}
