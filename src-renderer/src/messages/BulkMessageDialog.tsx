import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import type { ServiceOption } from '../../../shared/contracts/attendance';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { SenderSelect } from './SenderSelect';

/** A message to every family with a child enrolled in a service, or in any service of a structure. */
export function BulkMessageDialog({ onClose, onSent }: { onClose: () => void; onSent: (message: string) => void }) {
  const [services, setServices] = useState<ServiceOption[]>([]);
  const [structures, setStructures] = useState<Array<{ id: number; name: string }>>([]);
  const [target, setTarget] = useState('');
  const [sender, setSender] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    callStaffApi('services.options', {}).then(setServices, () => undefined);
    callStaffApi('structures.list', {}).then(setStructures, () => undefined);
  }, []);
  const send = async () => {
    setError('');
    setErrors({});
    const [kind, id] = target.split(':');
    if (!id) {
      setErrors({ target: 'Choisissez les destinataires.' });
      return;
    }
    try {
      const result = await callStaffApi('messages.bulk', {
        target: kind === 'service' ? { serviceId: Number(id) } : { structureId: Number(id) },
        senderStructureId: sender ? Number(sender) : null,
        subject,
        body,
      });
      onSent(`Message envoyé à ${result.families} famille(s) ; ${result.emails} prévenue(s) par courriel.`);
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="bulk-title">
      <DialogTitle id="bulk-title">Message groupé</DialogTitle>
      <DialogContent>
        <ErrorAlert error={error} />
        <Stack sx={{ gap: 2, mt: 1 }}>
          <TextField
            select
            label="Destinataires"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            error={Boolean(errors.target)}
            helperText={errors.target ?? 'Les familles ayant un enfant inscrit aujourd’hui.'}
          >
            {structures.map((s) => (
              <MenuItem key={`st-${s.id}`} value={`structure:${s.id}`}>{`Toute la structure : ${s.name}`}</MenuItem>
            ))}
            {services.map((s) => (
              <MenuItem key={`sv-${s.id}`} value={`service:${s.id}`}>
                {s.label}
              </MenuItem>
            ))}
          </TextField>
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
