import { type FormEvent, useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { ANONYMISE_YEARS, type AnonymisationView } from '../../../shared/contracts/anonymisation';
import { formatShortFrenchDate } from '../../../shared/domain/french-dates';
import { callStaffApi, errorMessage } from '../api-client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';

/** Admins: how long a gone family's records are kept (RGPD), the families due, « Anonymiser maintenant ». */
export function AnonymisationCard() {
  const [view, setView] = useState<AnonymisationView | null>(null);
  const [years, setYears] = useState('');
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const show = (next: AnonymisationView) => {
    setView(next);
    setYears(String(next.years));
  };
  useEffect(() => {
    callStaffApi('anonymisation.view', {}).then(
      (next) => {
        setView(next);
        setYears(String(next.years));
      },
      (e) => setError(errorMessage(e)),
    );
  }, []);
  const act = async (work: () => Promise<string>) => {
    setError('');
    setMessage('');
    setBusy(true);
    try {
      setMessage(await work());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const saveYears = (event: FormEvent) => {
    event.preventDefault();
    act(async () => {
      const next = await callStaffApi('anonymisation.setYears', { years: Number(years) });
      show(next);
      return `Durée de conservation enregistrée : ${next.years} ans.`;
    });
  };
  const anonymiseNow = () => {
    setConfirming(false);
    act(async () => {
      const next = await callStaffApi('anonymisation.run', {});
      show(next);
      return next.total > 0
        ? `${next.anonymised} familles anonymisées ; les ${next.total} autres le seront par la tâche de nuit.`
        : `${next.anonymised} familles anonymisées.`;
    });
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Protection des données (RGPD)
        </Typography>
        <ErrorAlert error={error} />
        {message ? <Alert severity="success">{message}</Alert> : null}
        <Typography sx={{ mb: 2 }}>
          Une famille sans activité (inscription, jour au planning, facture, règlement, demande, message, connexion) depuis ce nombre
          d’années, et qui ne doit rien, est anonymisée par une tâche chaque nuit : noms, coordonnées, données fiscales, bancaires et
          sanitaires, messages et compte du portail sont effacés ; ses factures et règlements sont conservés, comme la loi le demande.
        </Typography>
        <Box component="form" onSubmit={saveYears} noValidate>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'flex-start' } }}>
            <TextField
              label="Anonymiser après (années)"
              type="number"
              value={years}
              onChange={(e) => setYears(e.target.value)}
              slotProps={{ htmlInput: { min: ANONYMISE_YEARS.min, max: ANONYMISE_YEARS.max, step: 1 } }}
              helperText={`De ${ANONYMISE_YEARS.min} à ${ANONYMISE_YEARS.max} ans ; ${ANONYMISE_YEARS.default} par défaut.`}
              sx={{ maxWidth: 280 }}
            />
            <Button type="submit" variant="outlined" disabled={busy || !view}>
              Enregistrer
            </Button>
          </Stack>
        </Box>
        {view ? (
          <>
            <Typography sx={{ mt: 2, mb: 1 }}>
              {view.total === 0
                ? `Aucune famille sans activité depuis le ${formatShortFrenchDate(view.goneBefore)}.`
                : `${view.total} ${view.total > 1 ? 'familles sans activité' : 'famille sans activité'} depuis le ${formatShortFrenchDate(view.goneBefore)} : ${view.total > 1 ? 'elles seront anonymisées' : 'elle sera anonymisée'} cette nuit.`}{' '}
              {view.anonymisedSoFar > 0 ? `${view.anonymisedSoFar} déjà anonymisées.` : ''}
            </Typography>
            {view.families.length > 0 ? (
              <Box sx={{ maxHeight: 320, overflow: 'auto' }}>
                <Table size="small" stickyHeader aria-label="Familles à anonymiser">
                  <TableHead>
                    <TableRow>
                      <TableCell>N° Famille</TableCell>
                      <TableCell>Dernière activité</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {view.families.map((f) => (
                      <TableRow key={f.familyId}>
                        <TableCell>{f.familyNumber}</TableCell>
                        <TableCell>{formatShortFrenchDate(f.lastActivityOn)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
            ) : null}
          </>
        ) : null}
        <Button
          variant="contained"
          color="error"
          sx={{ mt: 2 }}
          onClick={() => setConfirming(true)}
          disabled={busy || !view || view.total === 0}
        >
          Anonymiser maintenant
        </Button>
        {confirming && view ? (
          <ConfirmDialog
            title="Anonymiser ces familles ?"
            confirmLabel="Anonymiser"
            onConfirm={anonymiseNow}
            onCancel={() => setConfirming(false)}
          >
            {`${view.total} ${view.total > 1 ? 'familles' : 'famille'} : leurs dossiers seront vidés définitivement (les factures et règlements restent). Cette action ne peut pas être annulée ; une sauvegarde récente permet seule de revenir en arrière.`}
          </ConfirmDialog>
        ) : null}
      </CardContent>
    </Card>
  );
}
