import { useEffect, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import type { PortalAccountView } from '../../../shared/contracts/portal-accounts';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { parisDateTime } from '../server-clock';

const STATUS: Record<PortalAccountView['status'], { label: string; color: 'warning' | 'success' | 'default' }> = {
  pending: { label: 'En attente d’activation', color: 'warning' },
  active: { label: 'Actif', color: 'success' },
  disabled: { label: 'Désactivé', color: 'default' },
};

const when = (iso: string | null) => (iso ? parisDateTime(iso) : '');

/** The family's portal account: create, send the activation link, change the identifiant, disable, set a temporary password. */
export function PortalAccountCard({ familyId }: { familyId: number }) {
  const [account, setAccount] = useState<PortalAccountView | null | undefined>(undefined);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [newLogin, setNewLogin] = useState('');
  const [temporary, setTemporary] = useState('');

  useEffect(() => {
    callStaffApi('portalAccounts.get', { familyId }).then(setAccount, (e) => setError(errorMessage(e)));
  }, [familyId]);

  const act = async (run: () => Promise<PortalAccountView>, done: string) => {
    setError('');
    setMessage('');
    setErrors({});
    try {
      setAccount(await run());
      setMessage(done);
      setNewLogin('');
      setTemporary('');
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };

  if (account === undefined) return null;
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Compte portail famille
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
        {account === null ? (
          <Stack direction="row" sx={{ gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
            <TextField
              label="Identifiant (facultatif : généré sinon)"
              value={newLogin}
              onChange={(e) => setNewLogin(e.target.value)}
              size="small"
              error={Boolean(errors.login)}
              helperText={errors.login}
            />
            <Button
              variant="contained"
              onClick={() =>
                act(
                  () => callStaffApi('portalAccounts.create', { familyId, login: newLogin || undefined }),
                  'Compte créé. Le lien d’activation est envoyé au responsable s’il a une adresse e-mail.',
                )
              }
            >
              Créer le compte
            </Button>
          </Stack>
        ) : (
          <>
            <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 2 }}>
              <Typography>
                Identifiant : <strong>{account.login}</strong>
              </Typography>
              <Chip label={STATUS[account.status].label} color={STATUS[account.status].color} size="small" />
              {account.mustChangePassword ? <Chip label="Changement de mot de passe demandé" size="small" /> : null}
              {account.lockedUntil ? <Chip label={`Bloqué jusqu’à ${when(account.lockedUntil)}`} color="error" size="small" /> : null}
            </Box>
            <Typography variant="body2" sx={{ mb: 2 }}>
              Courriels envoyés à : {account.email || 'aucune adresse (saisissez l’email du responsable)'}
              {account.lastLoginAt ? ` — dernière connexion le ${when(account.lastLoginAt)}` : ''}
              {account.activationLinkSentAt
                ? ` — lien d’activation envoyé le ${when(account.activationLinkSentAt)}, valable jusqu’au ${when(account.activationLinkExpiresAt)}`
                : ''}
            </Typography>
            <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', mb: 2 }}>
              {account.status === 'pending' ? (
                <Button
                  variant="contained"
                  onClick={() => act(() => callStaffApi('portalAccounts.sendActivation', { familyId }), 'Lien d’activation envoyé.')}
                >
                  Renvoyer le lien d’activation
                </Button>
              ) : null}
              {account.status === 'disabled' ? (
                <Button onClick={() => act(() => callStaffApi('portalAccounts.enable', { familyId }), 'Compte réactivé.')}>
                  Réactiver
                </Button>
              ) : (
                <Button
                  color="warning"
                  onClick={() =>
                    act(
                      () => callStaffApi('portalAccounts.disable', { familyId }),
                      'Compte désactivé : la famille ne peut plus se connecter.',
                    )
                  }
                >
                  Désactiver
                </Button>
              )}
            </Stack>
            <Stack direction="row" sx={{ gap: 2, alignItems: 'flex-start', flexWrap: 'wrap', mb: 2 }}>
              <TextField
                label="Nouvel identifiant (facultatif)"
                value={newLogin}
                onChange={(e) => setNewLogin(e.target.value)}
                size="small"
                error={Boolean(errors.login)}
                helperText={errors.login}
              />
              <Button
                onClick={() =>
                  act(
                    () => callStaffApi('portalAccounts.regenerateLogin', { familyId, login: newLogin || undefined }),
                    'Identifiant changé ; la famille en est informée par courriel.',
                  )
                }
              >
                Changer l’identifiant
              </Button>
            </Stack>
            <Stack direction="row" sx={{ gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
              <TextField
                label="Mot de passe temporaire"
                type="password"
                autoComplete="new-password"
                value={temporary}
                onChange={(e) => setTemporary(e.target.value)}
                size="small"
                error={Boolean(errors.password)}
                helperText={errors.password ?? 'À communiquer par téléphone : la famille devra le changer à la connexion.'}
                sx={{ maxWidth: 420 }}
              />
              <Button
                disabled={!temporary || account.status === 'disabled'}
                onClick={() =>
                  act(
                    () => callStaffApi('portalAccounts.setTemporaryPassword', { familyId, password: temporary }),
                    'Mot de passe temporaire enregistré.',
                  )
                }
              >
                Définir
              </Button>
            </Stack>
          </>
        )}
      </CardContent>
    </Card>
  );
}
