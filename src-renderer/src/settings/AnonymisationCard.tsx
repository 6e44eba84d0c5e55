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
import { parisDateTime } from '../server-clock';

/** Admins: how long a gone family's records are kept (RGPD), the families due, « Anonymiser maintenant ». */
export function AnonymisationCard() {
  const [view, setView] = useState<AnonymisationView | null>(null);
  const [years, setYears] = useState('');
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState<'enable' | 'run' | null>(null);
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
  /** What the admin confirms is the list they read: refused if it changed meanwhile. */
  const confirm = () => {
    const goneBefore = view!.goneBefore;
    const action = confirming;
    setConfirming(null);
    act(async () => {
      if (action === 'enable') {
        show(await callStaffApi('anonymisation.enable', { goneBefore }));
        return 'Anonymisation activée : la tâche la fera toutes les six heures, par lots.';
      }
      show(await callStaffApi('anonymisation.run', { goneBefore }));
      return 'Anonymisation lancée : elle se fait dans la minute, par lots. Rechargez la page pour suivre.';
    });
  };
  const disable = () =>
    act(async () => {
      show(await callStaffApi('anonymisation.disable', {}));
      return 'Anonymisation arrêtée : aucune famille ne sera anonymisée tant qu’elle n’est pas réactivée.';
    });
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Protection des données (RGPD)
        </Typography>
        <ErrorAlert error={error} />
        {message ? <Alert severity="success">{message}</Alert> : null}
        <Typography sx={{ mb: 2 }}>
          Une famille sans activité (inscription, jour au planning, facture, règlement, demande, message, connexion, modification) depuis ce
          nombre d’années, et dont le compte est soldé, est anonymisée par une tâche, une fois activée : noms, coordonnées, données
          fiscales, bancaires et sanitaires, messages et compte du portail sont effacés ; ses factures, règlements et titres sont conservés,
          comme la loi le demande (ils portent encore son numéro et les prénoms facturés).
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
                : `${view.total} ${view.total > 1 ? 'familles sans activité' : 'famille sans activité'} depuis le ${formatShortFrenchDate(view.goneBefore)}${view.enabledAt ? ` : ${view.total > 1 ? 'elles seront anonymisées' : 'elle sera anonymisée'} par la prochaine tâche` : ''}.`}{' '}
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
        <Typography sx={{ mt: 2 }}>
          {view?.enabledAt
            ? `Anonymisation activée le ${parisDateTime(view.enabledAt)} : la tâche s’exécute toutes les six heures.`
            : 'Anonymisation arrêtée : aucune famille n’est anonymisée tant qu’un administrateur ne l’a pas activée après avoir lu la liste.'}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 2 }}>
          {view?.enabledAt ? (
            <>
              <Button variant="contained" color="error" onClick={() => setConfirming('run')} disabled={busy || view.total === 0}>
                Anonymiser maintenant
              </Button>
              <Button variant="outlined" onClick={disable} disabled={busy}>
                Arrêter l’anonymisation
              </Button>
            </>
          ) : (
            <Button variant="contained" color="error" onClick={() => setConfirming('enable')} disabled={busy || !view}>
              Activer l’anonymisation
            </Button>
          )}
        </Stack>
        {confirming && view ? (
          <ConfirmDialog
            title={confirming === 'enable' ? 'Activer l’anonymisation ?' : 'Anonymiser ces familles ?'}
            confirmLabel={confirming === 'enable' ? 'Activer' : 'Anonymiser'}
            onConfirm={confirm}
            onCancel={() => setConfirming(null)}
          >
            {`${
              view.total === 0
                ? 'Aucune famille n’est aujourd’hui'
                : `${view.total} ${view.total > 1 ? 'familles sont' : 'famille est'} aujourd’hui`
            } sans activité depuis le ${formatShortFrenchDate(view.goneBefore)}. Chaque famille qui l’est ou le deviendra aura son dossier vidé définitivement (les factures et règlements restent). Cela ne peut pas être annulé ; seule une sauvegarde permet de revenir en arrière.`}
          </ConfirmDialog>
        ) : null}
      </CardContent>
    </Card>
  );
}
