import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Grid, MenuItem, TextField } from '@mui/material';
import type { ChildSummary } from '../../../shared/contracts/families';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';

export function ChildDialog(props: {
  familyId: number;
  child: ChildSummary | null;
  defaultLastName: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [value, setValue] = useState({
    lastName: props.child?.lastName ?? props.defaultLastName,
    firstName: props.child?.firstName ?? '',
    sex: (props.child?.sex ?? '') as 'F' | 'M' | '',
    birthDate: props.child?.birthDate ?? '',
    school: props.child?.school ?? '',
    grade: props.child?.grade ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const set = (key: keyof typeof value) => (e: { target: { value: string } }) => setValue({ ...value, [key]: e.target.value });

  const save = async () => {
    try {
      if (props.child) await callStaffApi('children.update', { ...value, id: props.child.id, expectedVersion: props.child.version });
      else await callStaffApi('children.create', { ...value, familyId: props.familyId });
      props.onSaved();
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    }
  };

  return (
    <Dialog open onClose={props.onClose} aria-labelledby="child-dialog-title" maxWidth="sm" fullWidth>
      <DialogTitle id="child-dialog-title">{props.child ? 'Modifier l’enfant' : 'Ajouter un enfant'}</DialogTitle>
      <DialogContent>
        {error ? (
          <Alert severity="error" sx={{ mb: 2 }} role="alert">
            {error}
          </Alert>
        ) : null}
        <Grid container spacing={2} sx={{ mt: 0.5 }}>
          <Grid size={6}>
            <TextField
              label="Nom"
              value={value.lastName}
              onChange={set('lastName')}
              fullWidth
              required
              error={Boolean(errors.lastName)}
              helperText={errors.lastName}
            />
          </Grid>
          <Grid size={6}>
            <TextField
              label="Prénom"
              value={value.firstName}
              onChange={set('firstName')}
              fullWidth
              required
              error={Boolean(errors.firstName)}
              helperText={errors.firstName}
            />
          </Grid>
          <Grid size={6}>
            <TextField
              label="Date de naissance"
              type="date"
              value={value.birthDate}
              onChange={set('birthDate')}
              fullWidth
              required
              slotProps={{ inputLabel: { shrink: true } }}
              error={Boolean(errors.birthDate)}
              helperText={errors.birthDate}
            />
          </Grid>
          <Grid size={6}>
            <TextField
              select
              label="Sexe"
              value={value.sex}
              onChange={set('sex')}
              fullWidth
              error={Boolean(errors.sex)}
              helperText={errors.sex}
            >
              <MenuItem value="">(non renseigné)</MenuItem>
              <MenuItem value="F">Fille</MenuItem>
              <MenuItem value="M">Garçon</MenuItem>
            </TextField>
          </Grid>
          <Grid size={8}>
            <TextField label="École" value={value.school} onChange={set('school')} fullWidth />
          </Grid>
          <Grid size={4}>
            <TextField label="Classe" value={value.grade} onChange={set('grade')} fullWidth />
          </Grid>
        </Grid>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Annuler</Button>
        <Button variant="contained" onClick={save}>
          Enregistrer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
