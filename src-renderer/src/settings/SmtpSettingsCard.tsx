import { useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import {
  Alert,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { CommuneSettingsView } from '../../../shared/contracts/settings';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';

type Smtp = CommuneSettingsView['smtp'];
type Sent = Array<{ to: string; subject: string; status: string; error: string | null; createdAt: string }>;
const STATUS: Record<string, string> = { pending: 'en attente', sent: 'envoyé', failed: 'échec' };

/** Admins: the SMTP server (empty: the demo's file outbox), with « Envoyer un courriel de test ». */
export function SmtpSettingsCard({ initial, onSaved }: { initial: Smtp; onSaved: (settings: CommuneSettingsView) => void }) {
  const [value, setValue] = useState(initial);
  const [password, setPassword] = useState('');
  const [to, setTo] = useState('');
  const [recent, setRecent] = useState<Sent | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const act = async (action: () => Promise<void>) => {
    setMessage('');
    setError('');
    setErrors({});
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };
  const save = () =>
    act(async () => {
      const saved = await callStaffApi('settings.updateSmtp', {
        host: value.host,
        port: value.port,
        secure: value.secure,
        user: value.user,
        from: value.from,
        password,
      });
      setPassword('');
      setValue(saved.smtp);
      onSaved(saved);
      setMessage('Serveur de courriel enregistré.');
    });
  const test = () =>
    act(async () => {
      const sent = await callStaffApi('settings.testEmail', { to });
      setMessage(`Courriel de test envoyé à ${sent.to} : vérifiez sa réception.`);
      setTimeout(() => {
        callStaffApi('settings.recentEmails', {}).then(setRecent, () => undefined);
      }, 1500);
    });
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Envoi des courriels (SMTP)
        </Typography>
        {message ? (
          <Alert severity="success" sx={{ mb: 2 }}>
            {message}
          </Alert>
        ) : null}
        <ErrorAlert error={error} />
        <Stack sx={{ gap: 2 }}>
          <TextField
            size="small"
            label="Serveur (vide : fichiers .eml dans la boîte d’envoi)"
            value={value.host}
            onChange={(e) => setValue({ ...value, host: e.target.value })}
            error={Boolean(errors.host)}
            helperText={errors.host}
          />
          <Stack direction="row" sx={{ gap: 2 }}>
            <TextField
              size="small"
              type="number"
              label="Port"
              value={value.port}
              onChange={(e) => setValue({ ...value, port: Number(e.target.value) })}
              sx={{ width: 120 }}
              error={Boolean(errors.port)}
              helperText={errors.port}
            />
            <FormControlLabel
              control={<Checkbox checked={value.secure} onChange={(e) => setValue({ ...value, secure: e.target.checked })} />}
              label="TLS dès la connexion (port 465)"
            />
          </Stack>
          <TextField size="small" label="Utilisateur" value={value.user} onChange={(e) => setValue({ ...value, user: e.target.value })} />
          <TextField
            size="small"
            type="password"
            label="Mot de passe"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            helperText={value.passwordSet ? 'Enregistré : laissez vide pour le garder.' : 'Aucun mot de passe enregistré.'}
            autoComplete="new-password"
          />
          <TextField
            size="small"
            label="Expéditeur (De :)"
            value={value.from}
            onChange={(e) => setValue({ ...value, from: e.target.value })}
          />
          <Button variant="contained" onClick={save}>
            Enregistrer
          </Button>
          <Stack direction="row" sx={{ gap: 2 }}>
            <TextField
              size="small"
              label="Adresse du courriel de test"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              error={Boolean(errors.to)}
              helperText={errors.to}
              sx={{ minWidth: 280 }}
            />
            <Button onClick={test}>Envoyer un courriel de test</Button>
          </Stack>
          {recent ? (
            <Table size="small" aria-label="Derniers courriels">
              <TableHead>
                <TableRow>
                  <TableCell>Destinataire</TableCell>
                  <TableCell>Objet</TableCell>
                  <TableCell>État</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {recent.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list, replaced whole at each reading.
                  <TableRow key={i}>
                    <TableCell>{r.to}</TableCell>
                    <TableCell>{r.subject}</TableCell>
                    <TableCell>
                      {STATUS[r.status] ?? r.status}
                      {r.error ? ` : ${r.error}` : ''}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
