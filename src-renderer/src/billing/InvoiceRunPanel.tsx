import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { INVOICES_PER_PRINT, type InvoiceRunPreview } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';
import { euros, savePdf, shortDate } from './pdf-download';
import { serverPreviousMonth } from '../server-clock';

/** The monthly run: preview what would be billed, then issue every invoice in one go, then print them. */
export function InvoiceRunPanel({ onIssued }: { onIssued: (message: string) => void }) {
  const [month, setMonth] = useState(serverPreviousMonth);
  const [structureId, setStructureId] = useState<number | ''>('');
  const [structures, setStructures] = useState<Array<{ id: number; name: string }>>([]);
  const [preview, setPreview] = useState<InvoiceRunPreview | null>(null);
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    callStaffApi('structures.list', {}).then(setStructures, () => undefined);
  }, []);

  const input = () => ({ month, structureIds: structureId ? [structureId] : undefined });
  const run = async (action: () => Promise<void>) => {
    setError('');
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const showPreview = () => run(async () => setPreview(await callStaffApi('billing.preview', input())));
  const issue = () =>
    run(async () => {
      setConfirming(false);
      const result = await callStaffApi('billing.issue', input());
      setPreview(null);
      onIssued(
        `${result.invoices} facture(s) émise(s) pour ${euros(result.totalCents)} : ${result.numbers.map((n) => (n.from === n.to ? n.from : `${n.from} à ${n.to}`)).join(', ')}. ${result.emailed} famille(s) prévenue(s) par e-mail.`,
      );
    });
  // A big month comes in parts of a few hundred invoices: each part is its own PDF.
  const [printed, setPrinted] = useState<{ month: string; part: number; parts: number; total: number } | null>(null);
  const printMonth = (part = 1) =>
    run(async () => {
      const file = await callStaffApi('invoices.pdf', { month, part });
      savePdf(file);
      setPrinted({ month, part: file.part, parts: file.parts, total: file.total });
    });

  return (
    <Card variant="outlined" sx={{ mb: 3 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Facturation du mois
        </Typography>
        <Stack direction="row" sx={{ gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
          <TextField
            size="small"
            type="month"
            label="Mois à facturer"
            value={month}
            onChange={(e) => {
              setMonth(e.target.value);
              setPreview(null);
            }}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            select
            label="Structure"
            value={structureId}
            onChange={(e) => {
              setStructureId(e.target.value === '' ? '' : Number(e.target.value));
              setPreview(null);
            }}
            sx={{ minWidth: 220 }}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          >
            <MenuItem value="">Toutes les structures</MenuItem>
            {structures.map((s) => (
              <MenuItem key={s.id} value={s.id}>
                {s.name}
              </MenuItem>
            ))}
          </TextField>
          <Button variant="outlined" onClick={showPreview} disabled={busy || !month}>
            Aperçu
          </Button>
          <Button onClick={() => printMonth(1)} disabled={busy || !month}>
            Imprimer les factures du mois (PDF)
          </Button>
        </Stack>
        {printed && printed.month === month && printed.parts > 1 ? (
          <Alert
            severity="info"
            sx={{ mt: 2 }}
            action={
              printed.part < printed.parts ? (
                <Button color="inherit" onClick={() => printMonth(printed.part + 1)} disabled={busy}>
                  Imprimer la partie {printed.part + 1} sur {printed.parts}
                </Button>
              ) : undefined
            }
          >
            {printed.total} factures ce mois-ci, imprimées par parties de {INVOICES_PER_PRINT} : partie {printed.part} sur {printed.parts}{' '}
            enregistrée.
          </Alert>
        ) : null}
        {error ? (
          <Alert severity="error" role="alert" sx={{ mt: 2 }}>
            {error}
          </Alert>
        ) : null}
        {preview ? (
          <Stack sx={{ mt: 2, gap: 1 }}>
            {preview.problems.map((p) => (
              <Alert key={p} severity="error">
                {p}
              </Alert>
            ))}
            {preview.uncheckedDays ? (
              <Alert severity="warning">
                {preview.uncheckedDays} journée(s) réservée(s) sans pointage seront facturées : faites le pointage avant d’émettre si
                besoin.
              </Alert>
            ) : null}
            <Typography>
              {preview.invoiceCount} facture(s), {euros(preview.totalCents)} — journées jusqu’au {shortDate(preview.billedUpTo)} — datées du{' '}
              {shortDate(preview.issuedOn)}, échéance {shortDate(preview.dueOn)}.
            </Typography>
            <Table size="small" aria-label="Aperçu par régie">
              <TableHead>
                <TableRow>
                  <TableCell>Régie</TableCell>
                  <TableCell align="right">Factures</TableCell>
                  <TableCell align="right">Montant</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {preview.byRegie.map((r) => (
                  <TableRow key={r.regie}>
                    <TableCell>{r.regie}</TableCell>
                    <TableCell align="right">{r.invoices}</TableCell>
                    <TableCell align="right">{euros(r.totalCents)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Table size="small" aria-label="Premières factures">
              <TableHead>
                <TableRow>
                  <TableCell>Famille</TableCell>
                  <TableCell>Lignes</TableCell>
                  <TableCell align="right">Montant</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {preview.sample.map((s, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a read-only sample, replaced whole at each preview.
                  <TableRow key={i}>
                    <TableCell>
                      {s.familyName} — {s.familyNumber} ({s.regie})
                    </TableCell>
                    <TableCell>
                      {s.lines.map((l) => `${l.label} : ${l.quantity} × ${euros(l.unitPriceCents)} (${l.details})`).join(' ; ')}
                    </TableCell>
                    <TableCell align="right">{euros(s.totalCents)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Stack direction="row">
              <Button
                variant="contained"
                disabled={busy || preview.problems.length > 0 || preview.invoiceCount === 0}
                onClick={() => setConfirming(true)}
              >
                Émettre les factures
              </Button>
            </Stack>
          </Stack>
        ) : null}
        <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="issue-title">
          <DialogTitle id="issue-title">Émettre les factures ?</DialogTitle>
          <DialogContent>
            <DialogContentText>Une facture émise ne se modifie plus : elle ne peut être annulée que par un avoir.</DialogContentText>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setConfirming(false)}>Annuler</Button>
            <Button variant="contained" onClick={issue}>
              Émettre
            </Button>
          </DialogActions>
        </Dialog>
      </CardContent>
    </Card>
  );
}
