import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, Divider, FormControlLabel, Grid, Stack, TextField, Typography } from '@mui/material';
import type { ChildSummary } from '../../../shared/contracts/families';
import type { AuthorizedPersonInput, VaccinationInput } from '../../../shared/contracts/requests';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { SectionEditor } from './SectionEditor';

const blank = (): AuthorizedPersonInput => ({ lastName: '', firstName: '', relationship: '', phone: '', emergencyContact: false });

function PersonsEditor({ childId }: { childId: number }) {
  const [persons, setPersons] = useState<AuthorizedPersonInput[] | null>(null);
  const [loaded, setLoaded] = useState<AuthorizedPersonInput[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  useEffect(() => { callStaffApi('records.getPersons', { id: childId }).then((v) => { setPersons(v.persons); setLoaded(v.persons); }, (e) => setError(errorMessage(e))); }, [childId]);
  if (!persons) return error ? <Alert severity="error">{error}</Alert> : null;
  const set = (i: number, patch: Partial<AuthorizedPersonInput>) => setPersons(persons.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const save = async () => {
    setErrors({}); setError(''); setMessage('');
    try {
      const v = await callStaffApi('records.updatePersons', { childId, expected: loaded as never, persons: persons.filter((p) => p.lastName || p.firstName || p.phone) });
      setPersons(v.persons); setLoaded(v.persons); setMessage('Enregistré.');
    } catch (e) { setErrors(fieldErrors(e)); setError(errorMessage(e)); }
  };
  return (
    <Stack sx={{ gap: 1 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>Personnes autorisées à venir chercher l'enfant</Typography>
      {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
      {message ? <Alert severity="success">{message}</Alert> : null}
      {persons.map((p, i) => (
        <Grid container spacing={1} key={i}>
          {(['lastName', 'firstName', 'relationship', 'phone'] as const).map((key) => (
            <Grid size={{ xs: 6, sm: 3 }} key={key}>
              <TextField size="small" fullWidth label={{ lastName: 'Nom', firstName: 'Prénom', relationship: 'Lien', phone: 'Téléphone' }[key]} value={p[key]}
                onChange={(e) => set(i, { [key]: e.target.value })} error={Boolean(errors[`persons.${i}.${key}`])} helperText={errors[`persons.${i}.${key}`]} />
            </Grid>
          ))}
          <Grid size={12}><FormControlLabel control={<Checkbox checked={p.emergencyContact} onChange={(e) => set(i, { emergencyContact: e.target.checked })} />} label="À prévenir en cas d’urgence" /></Grid>
        </Grid>
      ))}
      <Stack direction="row" sx={{ gap: 1 }}>
        <Button onClick={() => setPersons([...persons, blank()])} disabled={persons.length >= 8}>Ajouter une personne</Button>
        <Button variant="outlined" onClick={save}>Enregistrer les personnes autorisées</Button>
      </Stack>
    </Stack>
  );
}

function VaccinationsEditor({ childId }: { childId: number }) {
  const [rows, setRows] = useState<VaccinationInput[] | null>(null);
  const [loaded, setLoaded] = useState<VaccinationInput[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  useEffect(() => { callStaffApi('records.getVaccinations', { id: childId }).then((v) => { setRows(v.vaccinations); setLoaded(v.vaccinations); }, (e) => setError(errorMessage(e))); }, [childId]);
  if (!rows) return error ? <Alert severity="error">{error}</Alert> : null;
  const set = (i: number, patch: Partial<VaccinationInput>) => setRows(rows.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const save = async () => {
    setErrors({}); setError(''); setMessage('');
    try {
      const v = await callStaffApi('records.updateVaccinations', { childId, expected: loaded as never, vaccinations: rows.filter((r) => r.vaccine || r.vaccinatedOn || r.boosterDueOn) });
      setRows(v.vaccinations); setLoaded(v.vaccinations); setMessage('Enregistré.');
    } catch (e) { setErrors(fieldErrors(e)); setError(errorMessage(e)); }
  };
  return (
    <Stack sx={{ gap: 1 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>Vaccinations</Typography>
      {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
      {message ? <Alert severity="success">{message}</Alert> : null}
      {rows.map((v, i) => (
        <Grid container spacing={1} key={i}>
          <Grid size={{ xs: 12, sm: 4 }}><TextField size="small" fullWidth label="Vaccin" value={v.vaccine} onChange={(e) => set(i, { vaccine: e.target.value })} error={Boolean(errors[`vaccinations.${i}.vaccine`])} helperText={errors[`vaccinations.${i}.vaccine`]} /></Grid>
          <Grid size={{ xs: 6, sm: 4 }}><TextField size="small" fullWidth type="date" label="Date du vaccin" slotProps={{ inputLabel: { shrink: true } }} value={v.vaccinatedOn ?? ''} onChange={(e) => set(i, { vaccinatedOn: e.target.value || null })} /></Grid>
          <Grid size={{ xs: 6, sm: 4 }}><TextField size="small" fullWidth type="date" label="Date du rappel" slotProps={{ inputLabel: { shrink: true } }} value={v.boosterDueOn ?? ''} onChange={(e) => set(i, { boosterDueOn: e.target.value || null })} /></Grid>
        </Grid>
      ))}
      <Stack direction="row" sx={{ gap: 1 }}>
        <Button onClick={() => setRows([...rows, { vaccine: '', vaccinatedOn: null, boosterDueOn: null }])} disabled={rows.length >= 20}>Ajouter un vaccin</Button>
        <Button variant="outlined" onClick={save}>Enregistrer les vaccinations</Button>
      </Stack>
    </Stack>
  );
}

/** A child's whole record for agents: information, health data, authorised persons. */
export function ChildRecordDialog({ child, onClose }: { child: ChildSummary; onClose: () => void }) {
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="child-record-title">
      <DialogTitle id="child-record-title">Fiche de {child.firstName} {child.lastName}</DialogTitle>
      <DialogContent>
        <Stack sx={{ gap: 3, mt: 1 }}>
          <SectionEditor section="child_information" ownerId={child.id} />
          <Divider />
          <SectionEditor section="health" ownerId={child.id} />
          <VaccinationsEditor childId={child.id} />
          <Divider />
          <PersonsEditor childId={child.id} />
        </Stack>
      </DialogContent>
      <DialogActions><Button onClick={onClose}>Fermer</Button></DialogActions>
    </Dialog>
  );
}
