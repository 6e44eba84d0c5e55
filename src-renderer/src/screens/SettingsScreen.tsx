import { useEffect, useState } from 'react';
import { useUnsavedChanges } from '../unsaved-changes';
import { StaffAccountsCard } from '../settings/StaffAccountsCard';
import { BackupsCard } from '../settings/BackupsCard';
import { AnonymisationCard } from '../settings/AnonymisationCard';
import { Alert, Box, Button, Card, CardContent, Checkbox, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import type { CommuneSettingsView } from '../../../shared/contracts/settings';
import type { StaffUserView } from '../../../shared/contracts/staff';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { MenuItem } from '@mui/material';
import { AGENT_ONLY_REQUEST_CATEGORIES, PLANNING_REQUEST_CATEGORIES, REQUEST_CATEGORIES } from '../../../shared/contracts/requests';
import { REQUEST_CATEGORY_LABELS } from '../../../shared/domain/labels';
import { BillingSettingsCard } from '../billing/BillingSettingsCard';
import { CommuneSettingsCard } from '../settings/CommuneSettingsCard';
import { SmtpSettingsCard } from '../settings/SmtpSettingsCard';
import { PesSettingsCard } from '../settings/PesSettingsCard';
import { SepaSettingsCard } from '../settings/SepaSettingsCard';

/** The commune's portal settings: the home page message (agents), the portal address and the trésorerie notice (admins). */
export function SettingsScreen({ user }: { user: StaffUserView }) {
  const [settings, setSettings] = useState<CommuneSettingsView | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The settings as last read or saved: what the forms hold beyond them is not saved yet.
  const [saved, setSaved] = useState('null');
  useUnsavedChanges(JSON.stringify(settings) !== saved);
  const show = (view: CommuneSettingsView) => {
    setSettings(view);
    setSaved(JSON.stringify(view));
  };

  useEffect(() => {
    callStaffApi('settings.get', {}).then(
      (view) => {
        setSettings(view);
        setSaved(JSON.stringify(view));
      },
      (e) => setError(errorMessage(e)),
    );
  }, []);
  if (!settings) return error ? <Alert severity="error">{error}</Alert> : null;

  const save = async (run: () => Promise<CommuneSettingsView>) => {
    setMessage('');
    setError('');
    setErrors({});
    try {
      show(await run());
      setMessage('Paramètres enregistrés.');
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };

  return (
    <Box sx={{ maxWidth: 800 }}>
      <Typography variant="h5" component="h1" gutterBottom>
        Paramètres du portail
      </Typography>
      {message ? (
        <Alert severity="success" sx={{ mb: 2 }}>
          {message}
        </Alert>
      ) : null}
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {error}
        </Alert>
      ) : null}
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <TextField
            label="Message de la page d'accueil"
            value={settings.homeMessage}
            onChange={(e) => setSettings({ ...settings, homeMessage: e.target.value })}
            fullWidth
            multiline
            minRows={2}
            error={Boolean(errors.homeMessage)}
            helperText={errors.homeMessage ?? 'Affiché en tête de la page d’accueil du portail.'}
          />
          <Button
            variant="contained"
            sx={{ mt: 2 }}
            onClick={() => save(() => callStaffApi('settings.updateHomeMessage', { homeMessage: settings.homeMessage }))}
          >
            Enregistrer le message
          </Button>
        </CardContent>
      </Card>
      {user.role === 'admin' ? (
        <Card variant="outlined">
          <CardContent>
            <Stack sx={{ gap: 2 }}>
              <TextField
                label="Adresse publique du portail"
                value={settings.portalPublicUrl}
                onChange={(e) => setSettings({ ...settings, portalPublicUrl: e.target.value })}
                error={Boolean(errors.portalPublicUrl)}
                helperText={errors.portalPublicUrl ?? 'Utilisée dans les liens envoyés par courriel (activation, mot de passe oublié).'}
              />
              <FormControlLabel
                control={
                  <Checkbox
                    checked={settings.paymentsViaTreasury}
                    onChange={(e) => setSettings({ ...settings, paymentsViaTreasury: e.target.checked })}
                  />
                }
                label="Les règlements sont encaissés par la trésorerie (afficher l’avertissement du manuel sur l’accueil)"
              />
              <Button
                variant="contained"
                onClick={() =>
                  save(() =>
                    callStaffApi('settings.updatePortal', {
                      portalPublicUrl: settings.portalPublicUrl,
                      paymentsViaTreasury: settings.paymentsViaTreasury,
                    }),
                  )
                }
              >
                Enregistrer
              </Button>
            </Stack>
          </CardContent>
        </Card>
      ) : null}
      {user.role === 'admin' ? (
        <Card variant="outlined" sx={{ mt: 2 }}>
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              Traitement des demandes des familles
            </Typography>
            <Stack sx={{ gap: 2 }}>
              {REQUEST_CATEGORIES.filter(
                (category) => !PLANNING_REQUEST_CATEGORIES.includes(category) && !AGENT_ONLY_REQUEST_CATEGORIES.includes(category),
              ).map((category) => (
                <TextField
                  key={category}
                  select
                  size="small"
                  label={REQUEST_CATEGORY_LABELS[category]}
                  value={settings.requestModes[category] ?? 'agent'}
                  onChange={(e) =>
                    setSettings({
                      ...settings,
                      requestModes: { ...settings.requestModes, [category]: e.target.value as 'agent' | 'automatic' },
                    })
                  }
                >
                  <MenuItem value="agent">Décidée par un agent</MenuItem>
                  <MenuItem value="automatic">Appliquée aussitôt (journalisée)</MenuItem>
                </TextField>
              ))}
              <Button
                variant="contained"
                onClick={() => save(() => callStaffApi('settings.updateRequestModes', { modes: settings.requestModes as never }))}
              >
                Enregistrer
              </Button>
            </Stack>
          </CardContent>
        </Card>
      ) : null}
      {user.role === 'admin' ? (
        <CommuneSettingsCard
          value={settings.commune}
          errors={errors}
          onChange={(commune) => setSettings({ ...settings, commune })}
          onSave={() => save(() => callStaffApi('settings.updateCommune', settings.commune))}
        />
      ) : null}
      {user.role === 'admin' ? <SmtpSettingsCard initial={settings.smtp} onSaved={setSettings} /> : null}
      {user.role === 'admin' ? (
        <BillingSettingsCard
          value={settings.billing}
          errors={errors}
          onChange={(billing) => setSettings({ ...settings, billing })}
          onSave={() => save(() => callStaffApi('settings.updateBilling', settings.billing))}
        />
      ) : null}
      {user.role === 'admin' ? <PesSettingsCard /> : null}
      {user.role === 'admin' ? <SepaSettingsCard /> : null}
      {user.role === 'admin' ? <StaffAccountsCard /> : null}
      {user.role === 'admin' ? <BackupsCard /> : null}
      {user.role === 'admin' ? <AnonymisationCard /> : null}
    </Box>
  );
}
