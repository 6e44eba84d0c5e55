import { useState, type FormEvent } from 'react';
import { Box, Button, Paper, TextField, Typography } from '@mui/material';
import type { StaffUserView } from '../../../shared/contracts/staff';
import { callStaffApi, errorMessage } from '../api-client';
import { ErrorAlert } from '../components/ErrorAlert';

/** After an admin reset the password: the agent chooses their own before any screen opens. */
export function ChangePasswordScreen({
  user,
  onChanged,
  onLogout,
}: {
  user: StaffUserView;
  onChanged: (user: StaffUserView) => void;
  onLogout: () => void;
}) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const mismatch = confirmation !== '' && confirmation !== newPassword;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== confirmation) return setError('Les deux nouveaux mots de passe ne sont pas identiques.');
    setBusy(true);
    setError('');
    try {
      onChanged(await callStaffApi('auth.changePassword', { currentPassword, newPassword }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box component="main" sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh', bgcolor: 'grey.100' }}>
      <Paper component="form" onSubmit={submit} sx={{ p: 4, width: 420 }} aria-labelledby="change-password-title">
        <Typography id="change-password-title" variant="h5" component="h1" gutterBottom>
          Choisir un nouveau mot de passe
        </Typography>
        <Typography sx={{ mb: 2 }}>
          {user.displayName}, votre mot de passe a été réinitialisé par un administrateur : choisissez le vôtre (10 caractères au moins)
          pour continuer.
        </Typography>
        <ErrorAlert error={error} />
        <TextField
          label="Mot de passe provisoire"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          fullWidth
          margin="normal"
          required
        />
        <TextField
          label="Nouveau mot de passe"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          fullWidth
          margin="normal"
          required
        />
        <TextField
          label="Confirmation du mot de passe"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
          error={mismatch}
          helperText={mismatch ? 'Différent du nouveau mot de passe.' : ' '}
          fullWidth
          margin="normal"
          required
        />
        <Box sx={{ display: 'flex', gap: 1, mt: 2 }}>
          <Button type="submit" variant="contained" disabled={busy}>
            Enregistrer le mot de passe
          </Button>
          <Button onClick={onLogout}>Se déconnecter</Button>
        </Box>
      </Paper>
    </Box>
  );
}
