import { useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { SenderSelect } from './SenderSelect';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { fileToAttachment } from './file-input';

/** An agent writes to one family from its page. */
export function WriteToFamilyDialog({
  familyId,
  onClose,
  onSent,
}: {
  familyId: number;
  onClose: () => void;
  onSent: (message: string) => void;
}) {
  const [sender, setSender] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = async () => {
    setError('');
    setErrors({});
    try {
      await callStaffApi('messages.write', {
        familyId,
        structureId: sender ? Number(sender) : null,
        subject,
        body,
        attachment: file ? await fileToAttachment(file) : undefined,
      });
      onSent('Message envoyé : la famille le lit dans sa boîte de réception.');
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="write-title">
      <DialogTitle id="write-title">Écrire à la famille</DialogTitle>
      <DialogContent>
        <ErrorAlert error={error} />
        <Stack sx={{ gap: 2, mt: 1 }}>
          <SenderSelect value={sender} onChange={setSender} />
          <TextField
            label="Objet"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            error={Boolean(errors.subject)}
            helperText={errors.subject}
          />
          <TextField
            label="Message"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            multiline
            minRows={5}
            error={Boolean(errors.body)}
            helperText={errors.body}
          />
          <Button component="label" size="small">
            {file ? `Fichier : ${file.name}` : 'Joindre un fichier (PDF, JPEG, PNG)'}
            <input
              hidden
              type="file"
              accept="application/pdf,image/jpeg,image/png"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Button>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Annuler</Button>
        <Button variant="contained" onClick={send}>
          Envoyer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
