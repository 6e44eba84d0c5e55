import { useEffect, useState } from 'react';
import { Alert, Button, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { SepaBatchView, SepaDebitView } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';
import { saveFile } from '../messages/file-input';
import { euros, shortDate } from './pdf-download';

/** The usual reason codes a bank returns a debit with (ISO 20022). */
const REJECT_CODES = [
  ['AM04', 'AM04 — provision insuffisante'],
  ['AC04', 'AC04 — compte clôturé'],
  ['MD01', 'MD01 — pas de mandat'],
  ['MS02', 'MS02 — refus du débiteur'],
  ['AC06', 'AC06 — compte bloqué'],
] as const;

const DEBIT_STATUS = { pending: 'en attente', collected: 'prélevé', rejected: 'rejeté', withdrawn: 'retiré du lot' } as const;

const download = (file: { fileName: string; base64: string }) =>
  saveFile({ filename: file.fileName, mimeType: 'application/xml', base64: file.base64 });

/** « Prélèvements SEPA »: prepare the month's batch (pain.008), confirm it once collected, mark the debits returned. */
export function SepaBatchCard() {
  const [collectionDate, setCollectionDate] = useState('');
  const [batches, setBatches] = useState<SepaBatchView[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [debits, setDebits] = useState<SepaDebitView[]>([]);
  const [codes, setCodes] = useState<Record<number, string>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger.
  useEffect(() => {
    callStaffApi('sepa.batches', {}).then(setBatches, (e) => setError(errorMessage(e)));
  }, [reload]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger.
  useEffect(() => {
    if (open !== null) callStaffApi('sepa.debits', { id: open }).then(setDebits, (e) => setError(errorMessage(e)));
  }, [open, reload]);
  const act = async (run: () => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      setMessage(await run());
      setReload((n) => n + 1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const prepare = () =>
    act(async () => {
      const batch = await callStaffApi('sepa.prepare', { collectionDate });
      download(batch);
      return `Lot ${batch.messageId} préparé : ${batch.debitCount} prélèvement(s), ${euros(batch.totalCents)}, le ${shortDate(batch.collectionDate)} — fichier à transmettre à la banque.`;
    });
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Prélèvements SEPA
        </Typography>
        {message ? (
          <Alert severity="success" sx={{ mb: 1 }}>
            {message}
          </Alert>
        ) : null}
        {error ? (
          <Alert severity="error" role="alert" sx={{ mb: 1 }}>
            {error}
          </Alert>
        ) : null}
        <Stack direction="row" sx={{ gap: 2, mb: 2, alignItems: 'center' }}>
          <TextField
            size="small"
            type="date"
            label="Date du prélèvement"
            value={collectionDate}
            onChange={(e) => setCollectionDate(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Button variant="contained" disabled={busy || !collectionDate} onClick={prepare}>
            Préparer le lot de prélèvements
          </Button>
        </Stack>
        {batches.map((b) => (
          <Stack key={b.id} direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography sx={{ flexGrow: 1 }}>
              {b.messageId} — le {shortDate(b.collectionDate)} — {b.debitCount} prélèvement(s), {euros(b.totalCents)} —{' '}
              {b.status === 'confirmed' ? 'confirmé' : 'préparé'}
            </Typography>
            <Button
              size="small"
              onClick={() =>
                act(async () => {
                  download(await callStaffApi('sepa.file', { id: b.id }));
                  return `Fichier ${b.fileName} téléchargé.`;
                })
              }
            >
              Fichier
            </Button>
            {b.status === 'prepared' ? (
              <Button
                size="small"
                variant="outlined"
                disabled={busy}
                onClick={() =>
                  act(
                    async () =>
                      `${(await callStaffApi('sepa.confirm', { id: b.id })).confirmed} prélèvement(s) enregistré(s) comme réglés.`,
                  )
                }
              >
                Confirmer (prélevé par la banque)
              </Button>
            ) : null}
            <Button size="small" onClick={() => setOpen(open === b.id ? null : b.id)} aria-expanded={open === b.id}>
              {b.status === 'prepared' ? 'Prélèvements du lot' : 'Rejets'}
            </Button>
          </Stack>
        ))}
        {open !== null
          ? debits.map((d) => (
              <Stack key={d.id} direction="row" sx={{ gap: 1, alignItems: 'center', ml: 2 }}>
                <Typography sx={{ flexGrow: 1 }}>
                  {d.invoiceNumber} — {d.family} — {euros(d.amountCents)} — {d.sequence} — {DEBIT_STATUS[d.status]}
                  {d.status === 'rejected' ? ` (${d.rejectCode})` : ''}
                </Typography>
                {d.status === 'pending' ? (
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() =>
                      act(async () => {
                        await callStaffApi('sepa.withdraw', { debitId: d.id });
                        return `Facture ${d.invoiceNumber} retirée du lot : demandez à la banque d’annuler ce prélèvement ; la facture peut être réglée autrement, annulée ou prélevée plus tard.`;
                      })
                    }
                  >
                    Retirer du lot — {d.invoiceNumber}
                  </Button>
                ) : null}
                {d.status === 'collected' ? (
                  <>
                    <TextField
                      size="small"
                      select
                      label={`Motif du rejet — ${d.invoiceNumber}`}
                      value={codes[d.id] ?? 'AM04'}
                      onChange={(e) => setCodes({ ...codes, [d.id]: e.target.value })}
                      sx={{ minWidth: 240 }}
                    >
                      {REJECT_CODES.map(([code, label]) => (
                        <MenuItem key={code} value={code}>
                          {label}
                        </MenuItem>
                      ))}
                    </TextField>
                    <Button
                      size="small"
                      color="error"
                      disabled={busy}
                      onClick={() =>
                        act(async () => {
                          await callStaffApi('sepa.reject', { debitId: d.id, reasonCode: codes[d.id] ?? 'AM04' });
                          return `Prélèvement de la facture ${d.invoiceNumber} rejeté : la facture est de nouveau à payer et la famille est prévenue.`;
                        })
                      }
                    >
                      Rejeté par la banque
                    </Button>
                  </>
                ) : null}
              </Stack>
            ))
          : null}
      </CardContent>
    </Card>
  );
}
