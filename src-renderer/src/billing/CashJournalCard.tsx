import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { callStaffApi, errorMessage } from '../api-client';
import { RegieSelect } from './RegieSelect';
import { euros, savePdf } from './pdf-download';

/** « Journal de caisse »: a régie's cash over the period chosen above, printable. */
export function CashJournalCard({ regies, from, to }: { regies: Array<{ id: number; name: string }>; from: string; to: string }) {
  const [regieId, setRegieId] = useState('');
  const [total, setTotal] = useState<{ count: number; cents: number } | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    if (!regieId) return;
    setError('');
    callStaffApi('cash.journal', { regieId: Number(regieId), from, to }).then(
      (journal) => setTotal({ count: journal.lines.length, cents: journal.totalCents }),
      (e) => setError(errorMessage(e)),
    );
  }, [regieId, from, to]);
  const print = () =>
    callStaffApi('cash.journalPdf', { regieId: Number(regieId), from, to }).then(savePdf, (e) => setError(errorMessage(e)));
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Journal de caisse
        </Typography>
        <ErrorAlert error={error} />
        <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <RegieSelect label="Régie de la caisse" regies={regies} value={regieId} onChange={setRegieId} />
          <Typography>{total ? `${total.count} opération(s) en espèces sur la période : ${euros(total.cents)}` : ''}</Typography>
          <Button variant="outlined" onClick={print} disabled={!regieId}>
            Imprimer le journal de caisse
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}
