import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { fileToAttachment } from './file-input';

/** An agent writes to one family from its page. */
export function WriteToFamilyDialog({ familyId, onClose, onSent }: { familyId: number; onClose: () => void; onSent: (message: string) => void }) {
  const [structures, setStructures] = useState<Array<{ id: number; name: string }>>([]);
  const [sender, setSender] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => { callStaffApi('structures.list', {}).then(setStructures, () => undefined); }, []);
  const send = async () => {
    setError(''); setErrors({});
    try {
      await callStaffApi('messages.write', { familyId, structureId: sender ? Number(sender) : null, subject, body, attachment: file ? await fileToAttachment(file) : undefined });
      onSent('Message envoyé : la famille le lit dans sa boîte de réception.');
    } catch (e) { setError(errorMessage(e)); setErrors(fieldErrors(e)); }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="write-title">
      <DialogTitle id="write-title">Écrire à la famille</DialogTitle>
      <DialogContent>
        {error ? <Alert severity="error" role="alert" sx={{ mb: 2 }}>{error}</Alert> : null}
        <Stack sx={{ gap: 2, mt: 1 }}>
          <TextField select label="Expéditeur" value={sender} onChange={(e) => setSender(e.target.value)} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
            <MenuItem value="">Mairie</MenuItem>
            {structures.map((s) => <MenuItem key={s.id} value={String(s.id)}>{s.name}</MenuItem>)}
          </TextField>
          <TextField label="Objet" value={subject} onChange={(e) => setSubject(e.target.value)} error={Boolean(errors.subject)} helperText={errors.subject} />
          <TextField label="Message" value={body} onChange={(e) => setBody(e.target.value)} multiline minRows={5} error={Boolean(errors.body)} helperText={errors.body} />
          <Button component="label" size="small">
            {file ? `Fichier : ${file.name}` : 'Joindre un fichier (PDF, JPEG, PNG)'}
            <input hidden type="file" accept="application/pdf,image/jpeg,image/png" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </Button>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Annuler</Button>
        <Button variant="contained" onClick={send}>Envoyer</Button>
      </DialogActions>
    </Dialog>
  );
}
