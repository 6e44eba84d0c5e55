import { useEffect, useState } from 'react';
import { Alert, Button, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { BackupsView } from '../../../shared/contracts/backups';
import { callStaffApi, errorMessage } from '../api-client';
import { ErrorAlert } from '../components/ErrorAlert';
import { parisDateTime } from '../server-clock';
import { formatMegabytes } from '../../../shared/domain/file-size';

const REASONS: Record<BackupsView['backups'][number]['reason'], string> = {
  manuelle: 'À la demande',
  nuit: 'Nuit',
  'avant-migration': 'Avant une mise à jour',
};

/** Admins: the last backups of this server, and « Sauvegarder maintenant ». */
export function BackupsCard() {
  const [view, setView] = useState<BackupsView | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    callStaffApi('backups.list', {}).then(setView, (e) => setError(errorMessage(e)));
  }, []);
  const backupNow = async () => {
    setError('');
    setMessage('');
    setBusy(true);
    try {
      const next = await callStaffApi('backups.run', {});
      setView(next);
      setMessage(`Sauvegarde écrite : ${next.backups[0]?.name ?? ''}.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const last = view?.backups[0];
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Sauvegardes
        </Typography>
        <ErrorAlert error={error} />
        {message ? <Alert severity="success">{message}</Alert> : null}
        {view ? (
          <>
            <Typography sx={{ mb: 1 }}>
              {last
                ? `Dernière sauvegarde : ${parisDateTime(last.takenAt)} (${formatMegabytes(last.sizeBytes)}).`
                : 'Aucune sauvegarde pour l’instant.'}{' '}
              Une sauvegarde est faite chaque nuit et avant chaque mise à jour ; les {view.keep} dernières sont gardées dans {view.dir}.
            </Typography>
            {view.backups.length > 0 ? (
              <Table size="small" aria-label="Dernières sauvegardes">
                <TableHead>
                  <TableRow>
                    <TableCell>Date</TableCell>
                    <TableCell>Occasion</TableCell>
                    <TableCell>Taille</TableCell>
                    <TableCell>Fichier</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {view.backups.map((b) => (
                    <TableRow key={b.name}>
                      <TableCell>{parisDateTime(b.takenAt)}</TableCell>
                      <TableCell>{REASONS[b.reason]}</TableCell>
                      <TableCell>{formatMegabytes(b.sizeBytes)}</TableCell>
                      <TableCell sx={{ wordBreak: 'break-all' }}>{b.name}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : null}
          </>
        ) : null}
        <Button variant="contained" sx={{ mt: 2 }} onClick={backupNow} disabled={busy || !view}>
          Sauvegarder maintenant
        </Button>
      </CardContent>
    </Card>
  );
}
