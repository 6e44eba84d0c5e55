import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, List, ListItem, ListItemText, Typography } from '@mui/material';
import type { TitresPreview } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';
import { saveFile } from '../messages/file-input';
import { euros } from './pdf-download';

/**
 * The titres to hand to the trésorerie, previewed before they are issued: what the PES file
 * still needs (it refuses to run without it), one pièce per invoice, the total. Issued, the
 * PESORMC file is downloaded; each invoice is then settled « Titre émis (ORMC n°X) ».
 */
export function TitresDialog({
  regieId,
  invoiceIds,
  onClose,
  onIssued,
}: {
  regieId: number;
  invoiceIds: number[];
  onClose: () => void;
  onIssued: (message: string) => void;
}) {
  // The invoices as ticked when the dialog opened: what is previewed is what is issued.
  const [ids] = useState(invoiceIds);
  const [preview, setPreview] = useState<TitresPreview | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    callStaffApi('titres.preview', { regieId, invoiceIds: ids }).then(setPreview, (e) => setError(errorMessage(e)));
  }, [regieId, ids]);
  const issue = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const issued = await callStaffApi('titres.issue', { regieId, invoiceIds: ids });
      saveFile({ filename: issued.fileName, mimeType: 'application/xml', base64: issued.base64 });
      onIssued(
        `Bordereau de titres n° ${issued.number} (${issued.exer}) émis : ${issued.pieceCount} titre(s), ${euros(issued.totalCents)} — fichier ${issued.fileName} à déposer pour la trésorerie.`,
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const ready = preview && !preview.missing.length && preview.pieces.length > 0;
  return (
    <Dialog open onClose={onClose} aria-labelledby="titres-title" fullWidth maxWidth="md">
      <DialogTitle id="titres-title">Bordereau de titres pour la trésorerie (PES V2)</DialogTitle>
      <DialogContent>
        <ErrorAlert error={error} />
        {preview?.missing.length ? (
          <Alert severity="warning" sx={{ mb: 2 }}>
            Le fichier ne peut pas être émis : il manque {preview.missing.join(' ; ')}. Les identifiants se règlent dans Paramètres
            (administrateurs).
          </Alert>
        ) : null}
        {preview ? (
          <>
            <Typography gutterBottom>
              Exercice {preview.exer} — {preview.pieces.length} titre(s), total {euros(preview.totalCents)}
            </Typography>
            <List dense aria-label="Titres du bordereau">
              {preview.pieces.map((p) => (
                <ListItem key={p.invoiceId} disableGutters>
                  <ListItemText primary={`${p.invoiceNumber} — ${p.family} — ${euros(p.amountCents)}`} secondary={`${p.lines} ligne(s)`} />
                </ListItem>
              ))}
            </List>
          </>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Fermer sans émettre</Button>
        <Button variant="contained" onClick={issue} disabled={!ready || busy}>
          Émettre le bordereau et télécharger le fichier
        </Button>
      </DialogActions>
    </Dialog>
  );
}
