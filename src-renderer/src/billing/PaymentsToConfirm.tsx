import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import type { PaymentRow } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';
import { euros, shortDate } from './pdf-download';

/** PayFiP URL-mode payments (unsigned returns) waiting to be checked against the trésorerie's statement. */
export function PaymentsToConfirm({ reload, onChanged }: { reload: number; onChanged: (message: string) => void }) {
  const [rows, setRows] = useState<PaymentRow[]>([]);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [error, setError] = useState('');
  const load = () =>
    callStaffApi('payments.list', { status: 'to_confirm', pageSize: 100 }).then(
      (page) => setRows(page.rows),
      (e) => setError(errorMessage(e)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger; `load` only calls setters, which React keeps stable.
  useEffect(() => {
    load();
  }, [reload]);
  if (!rows.length && !error) return null;
  const decide = async (row: PaymentRow, confirm: boolean) => {
    setError('');
    try {
      if (confirm) await callStaffApi('payments.confirm', { paymentId: row.id });
      else await callStaffApi('payments.reject', { paymentId: row.id, reason: reasons[row.id] ?? '' });
      onChanged(
        `Règlement de ${euros(row.amountCents)} (${row.familyName}) ${confirm ? 'confirmé' : 'rejeté : les factures sont de nouveau dues'}.`,
      );
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card variant="outlined" sx={{ mb: 3 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Paiements en ligne à confirmer
        </Typography>
        <ErrorAlert error={error} />
        {rows.map((row) => (
          <Stack key={row.id} direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap', py: 1 }}>
            <Typography sx={{ flexGrow: 1 }}>
              {shortDate(row.paidOn)} — {row.familyName} ({row.familyNumber}) — {row.typeLabel} {row.reference} — {euros(row.amountCents)} —{' '}
              {row.invoices.join(', ')}
            </Typography>
            <TextField
              size="small"
              label="Motif du rejet"
              value={reasons[row.id] ?? ''}
              onChange={(e) => setReasons({ ...reasons, [row.id]: e.target.value })}
            />
            <Button color="error" onClick={() => decide(row, false)}>
              Rejeter
            </Button>
            <Button variant="contained" onClick={() => decide(row, true)}>
              Confirmer
            </Button>
          </Stack>
        ))}
      </CardContent>
    </Card>
  );
}
