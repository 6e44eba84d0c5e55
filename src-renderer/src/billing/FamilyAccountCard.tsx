import { useEffect, useState } from 'react';
import { Alert, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { callStaffApi } from '../api-client';
import { InvoicesGrid } from './InvoicesGrid';
import { PaymentDialog } from './PaymentDialog';
import { FamilyPayments } from './FamilyPayments';
import { FamilyReminders } from './FamilyReminders';
import { FamilyMandateCard } from './FamilyMandateCard';
import { euros } from './pdf-download';
import { serverToday } from '../server-clock';

/** A family's account in the back-office: its balance, its invoices, and recording a payment. */
export function FamilyAccountCard({ familyId }: { familyId: number }) {
  const [balance, setBalance] = useState<{ balanceCents: number; toConfirmCents: number } | null>(null);
  const [reload, setReload] = useState(0);
  const [message, setMessage] = useState('');
  const [paying, setPaying] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger: each change asks the server again.
  useEffect(() => {
    callStaffApi('billing.familyBalance', { familyId }).then(setBalance, () => undefined);
  }, [familyId, reload]);
  const changed = (text: string) => {
    setMessage(text);
    setReload((n) => n + 1);
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', mb: 1, gap: 2 }}>
          <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
            Compte — solde {balance ? euros(balance.balanceCents) : '…'}
            {balance?.toConfirmCents ? ` (dont ${euros(balance.toConfirmCents)} payés en ligne à confirmer)` : ''}
          </Typography>
          <Button variant="outlined" onClick={() => setPaying(true)}>
            Enregistrer un règlement
          </Button>
        </Stack>
        {message ? (
          <Alert severity="success" sx={{ mb: 2 }} onClose={() => setMessage('')}>
            {message}
          </Alert>
        ) : null}
        <InvoicesGrid familyId={familyId} reload={reload} onChanged={changed} />
        <FamilyPayments familyId={familyId} reload={reload} />
        <FamilyReminders familyId={familyId} reload={reload} />
        <FamilyMandateCard familyId={familyId} />
        {paying ? (
          <PaymentDialog
            familyId={familyId}
            today={serverToday()}
            onClose={() => setPaying(false)}
            onSaved={(m) => {
              setPaying(false);
              changed(m);
            }}
          />
        ) : null}
      </CardContent>
    </Card>
  );
}
