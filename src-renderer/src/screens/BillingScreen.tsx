import { useState } from 'react';
import { Alert, Box, Card, CardContent, Typography } from '@mui/material';
import { InvoiceRunPanel } from '../billing/InvoiceRunPanel';
import { InvoicesGrid } from '../billing/InvoicesGrid';
import { PaymentsToConfirm } from '../billing/PaymentsToConfirm';
import { RefundsToMake } from '../billing/RefundsToMake';
import { ChildcareAttestationsCard } from '../billing/ChildcareAttestationsCard';

/** « Facturation »: the monthly run, online payments to confirm, and every invoice. */
export function BillingScreen() {
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);
  const changed = (text: string) => {
    setMessage(text);
    setReload((n) => n + 1);
  };
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        Facturation
      </Typography>
      {message ? (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setMessage('')}>
          {message}
        </Alert>
      ) : null}
      <InvoiceRunPanel onIssued={changed} />
      <PaymentsToConfirm reload={reload} onChanged={changed} />
      <RefundsToMake reload={reload} />
      <ChildcareAttestationsCard />
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Factures
          </Typography>
          <InvoicesGrid reload={reload} onChanged={changed} />
        </CardContent>
      </Card>
    </Box>
  );
}
