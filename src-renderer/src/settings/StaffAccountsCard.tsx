import { useEffect, useState } from 'react';
import {
  Button,
  Card,
  CardContent,
  MenuItem,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { StaffAccountRow, StaffRole } from '../../../shared/contracts/staff';
import { callStaffApi, errorMessage } from '../api-client';
import { ErrorAlert } from '../components/ErrorAlert';
import { parisDateTime } from '../server-clock';

/** Admins: the agents' accounts — create, change the role, disable, give a temporary password. */
export function StaffAccountsCard() {
  const [rows, setRows] = useState<StaffAccountRow[]>([]);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const [draft, setDraft] = useState({ username: '', displayName: '', password: '', role: 'agent' as StaffRole });
  const [temporary, setTemporary] = useState<Record<number, string>>({});
  useEffect(() => {
    callStaffApi('staff.list', {}).then(setRows, (e) => setError(errorMessage(e)));
  }, []);
  const act = async (run: () => Promise<StaffAccountRow[]>, done: string) => {
    setError('');
    setMessage('');
    try {
      setRows(await run());
      setMessage(done);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Comptes des agents
        </Typography>
        <ErrorAlert error={error} />
        <Typography role="status" sx={{ mb: 1 }}>
          {message}
        </Typography>
        <Table size="small" aria-label="Comptes des agents">
          <TableHead>
            <TableRow>
              <TableCell>Agent</TableCell>
              <TableCell>Rôle</TableCell>
              <TableCell>Actif</TableCell>
              <TableCell>Dernière connexion</TableCell>
              <TableCell>Mot de passe provisoire</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>
                  {r.displayName} ({r.username}){r.mustChangePassword ? ' — doit changer son mot de passe' : ''}
                </TableCell>
                <TableCell>
                  <TextField
                    select
                    size="small"
                    label={`Rôle de ${r.displayName}`}
                    value={r.role}
                    onChange={(e) =>
                      act(
                        () => callStaffApi('staff.update', { id: r.id, role: e.target.value as StaffRole }),
                        `Rôle de ${r.displayName} modifié.`,
                      )
                    }
                  >
                    <MenuItem value="agent">Agent</MenuItem>
                    <MenuItem value="admin">Administrateur</MenuItem>
                  </TextField>
                </TableCell>
                <TableCell>
                  <Switch
                    checked={r.active}
                    slotProps={{ input: { 'aria-label': `Compte de ${r.displayName} actif` } }}
                    onChange={(e) =>
                      act(
                        () => callStaffApi('staff.update', { id: r.id, active: e.target.checked }),
                        e.target.checked
                          ? `Compte de ${r.displayName} réactivé.`
                          : `Compte de ${r.displayName} désactivé : ses sessions sont fermées.`,
                      )
                    }
                  />
                </TableCell>
                <TableCell>{r.lastLoginAt ? parisDateTime(r.lastLoginAt) : 'Jamais'}</TableCell>
                <TableCell>
                  <Stack direction="row" sx={{ gap: 1 }}>
                    <TextField
                      size="small"
                      type="password"
                      label={`Provisoire pour ${r.displayName}`}
                      value={temporary[r.id] ?? ''}
                      onChange={(e) => setTemporary({ ...temporary, [r.id]: e.target.value })}
                    />
                    <Button
                      size="small"
                      variant="outlined"
                      disabled={!temporary[r.id]}
                      onClick={() =>
                        act(
                          () => callStaffApi('staff.resetPassword', { id: r.id, temporaryPassword: temporary[r.id] ?? '' }),
                          `Mot de passe provisoire donné à ${r.displayName} : il le changera à sa prochaine connexion.`,
                        ).then(() => setTemporary({ ...temporary, [r.id]: '' }))
                      }
                    >
                      Réinitialiser
                    </Button>
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
          Nouvel agent
        </Typography>
        <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', mt: 1 }}>
          <TextField
            size="small"
            label="Identifiant"
            value={draft.username}
            onChange={(e) => setDraft({ ...draft, username: e.target.value })}
          />
          <TextField
            size="small"
            label="Nom affiché"
            value={draft.displayName}
            onChange={(e) => setDraft({ ...draft, displayName: e.target.value })}
          />
          <TextField
            size="small"
            type="password"
            label="Mot de passe"
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
          />
          <TextField
            select
            size="small"
            label="Rôle"
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value as StaffRole })}
            sx={{ minWidth: 160 }}
          >
            <MenuItem value="agent">Agent</MenuItem>
            <MenuItem value="admin">Administrateur</MenuItem>
          </TextField>
          <Button
            variant="contained"
            onClick={() =>
              act(async () => {
                await callStaffApi('staff.create', draft);
                setDraft({ username: '', displayName: '', password: '', role: 'agent' });
                return callStaffApi('staff.list', {});
              }, `Compte de ${draft.displayName} créé.`)
            }
          >
            Créer le compte
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}
