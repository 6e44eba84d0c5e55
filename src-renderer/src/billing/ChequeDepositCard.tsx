import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Button, Card, CardContent, Checkbox, FormControlLabel, FormGroup, Stack, TextField, Typography } from '@mui/material';
import type { PendingCheque } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';
import { serverToday } from '../server-clock';
import { RegieSelect } from './RegieSelect';
import { euros, savePdf, shortDate } from './pdf-download';

/**
 * « Bordereau de remise de chèques »: a régie's cheques not yet deposited, all ticked; the
 * bordereau is numbered, printed, and its cheques leave the list.
 */
export function ChequeDepositCard({
  regies,
  onDeposited,
}: {
  regies: Array<{ id: number; name: string }>;
  onDeposited: (message: string) => void;
}) {
  const [regieId, setRegieId] = useState('');
  const [cheques, setCheques] = useState<PendingCheque[]>([]);
  const [unticked, setUnticked] = useState<Set<number>>(new Set());
  const [depositedOn, setDepositedOn] = useState(serverToday);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger after a deposit.
  useEffect(() => {
    if (!regieId) return;
    callStaffApi('cheques.pending', { regieId: Number(regieId) }).then(
      (rows) => {
        setCheques(rows);
        setUnticked(new Set());
      },
      (e) => setError(errorMessage(e)),
    );
  }, [regieId, reload]);

  const chosen = cheques.filter((c) => !unticked.has(c.id));
  const [busy, setBusy] = useState(false);
  const deposit = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const made = await callStaffApi('cheques.deposit', { regieId: Number(regieId), paymentIds: chosen.map((c) => c.id), depositedOn });
      savePdf(await callStaffApi('cheques.depositPdf', { id: made.id }));
      onDeposited(`Bordereau ${made.label} : ${made.chequeCount} chèque(s), ${euros(made.totalCents)}, imprimé.`);
      setReload((n) => n + 1);
    } catch (e) {
      setError(errorMessage(e));
      setReload((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (id: number) => {
    const next = new Set(unticked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setUnticked(next);
  };
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Remise de chèques
        </Typography>
        <ErrorAlert error={error} />
        <Stack direction="row" sx={{ gap: 2, mb: 1, flexWrap: 'wrap' }}>
          <RegieSelect label="Régie de la remise" regies={regies} value={regieId} onChange={setRegieId} />
          <TextField
            size="small"
            type="date"
            label="Date de remise"
            value={depositedOn}
            onChange={(e) => setDepositedOn(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        </Stack>
        {cheques.length ? (
          <FormGroup role="group" aria-label="Chèques à remettre">
            {cheques.map((c) => (
              <FormControlLabel
                key={c.id}
                control={<Checkbox checked={!unticked.has(c.id)} onChange={() => toggle(c.id)} />}
                label={`${shortDate(c.paidOn)} — ${c.familyName} (${c.familyNumber}) — ${c.reference || 'sans référence'} — ${euros(c.amountCents)}`}
              />
            ))}
          </FormGroup>
        ) : (
          <Typography>Aucun chèque à remettre pour cette régie.</Typography>
        )}
        <Button variant="contained" sx={{ mt: 1 }} disabled={busy || !chosen.length} onClick={deposit}>
          Créer et imprimer le bordereau ({chosen.length} chèque(s), {euros(chosen.reduce((s, c) => s + c.amountCents, 0))})
        </Button>
      </CardContent>
    </Card>
  );
}
