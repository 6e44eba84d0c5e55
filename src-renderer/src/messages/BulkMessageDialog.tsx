import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { ServiceOption } from '../../../shared/contracts/attendance';
import type { BulkRecipients } from '../../../shared/contracts/messages';
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
  // Empty: the families enrolled today; else those enrolled at some time between the two days.
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<BulkRecipients | null>(null);
  const [busy, setBusy] = useState(false);
  // One key for the message this dialog writes: sent twice, it leaves once.
  const [sendKey] = useState(() => crypto.randomUUID());
  useEffect(() => {
    callStaffApi('services.options', {}).then(setServices, () => undefined);
    callStaffApi('structures.list', {}).then(setStructures, () => undefined);
  }, []);
  const chosenTarget = () => {
    const [kind, id] = target.split(':');
    return kind === 'service' ? { serviceId: Number(id) } : { structureId: Number(id) };
  };
  const period = () => (from || to ? { enrolledDuring: { from, to } } : {});
  // First step: who it would reach, for the agent to check before anything leaves.
  const review = async () => {
    setError('');
    setErrors({});
    if (!target.includes(':')) {
      setErrors({ target: 'Choisissez les destinataires.' });
      return;
    }
    if (Boolean(from) !== Boolean(to)) {
      setErrors({ [from ? 'enrolledDuring.to' : 'enrolledDuring.from']: 'Indiquez le début et la fin de la période, ou aucun des deux.' });
      return;
    }
    if (!subject.trim() || !body.trim()) {
      setErrors({
        ...(subject.trim() ? {} : { subject: 'L’objet est obligatoire.' }),
        ...(body.trim() ? {} : { body: 'Le message est vide.' }),
      });
      return;
    }
    try {
      setPreview(await callStaffApi('messages.bulkRecipients', { target: chosenTarget(), ...period() }));
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };
  const send = async () => {
    setError('');
    setBusy(true);
    try {
      const result = await callStaffApi('messages.bulk', {
        target: chosenTarget(),
        ...period(),
        sendKey,
        senderStructureId: sender ? Number(sender) : null,
        subject,
        body,
      });
      onSent(`Message envoyé à ${result.families} famille(s) ; ${result.emails} prévenue(s) par courriel.`);
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
      setPreview(null);
    } finally {
      setBusy(false);
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
            onChange={(e) => {
              setTarget(e.target.value);
              setPreview(null); // the recipients checked were another target's: check again
            }}
            error={Boolean(errors.target)}
            helperText={errors.target ?? 'Les familles ayant un enfant inscrit aujourd’hui, ou pendant la période ci-dessous.'}
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
          <Stack direction="row" sx={{ gap: 2, flexWrap: 'wrap' }}>
            {(
              [
                ['from', 'Inscrits entre le', from, setFrom],
                ['to', 'et le', to, setTo],
              ] as const
            ).map(([key, label, value, set]) => (
              <TextField
                key={key}
                type="date"
                label={label}
                value={value}
                onChange={(e) => {
                  set(e.target.value);
                  setPreview(null); // another period, other families: check again
                }}
                slotProps={{ inputLabel: { shrink: true } }}
                error={Boolean(errors[`enrolledDuring.${key}`])}
                helperText={errors[`enrolledDuring.${key}`] ?? (key === 'from' ? 'Vide : inscrits aujourd’hui' : ' ')}
              />
            ))}
          </Stack>
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
      {preview ? (
        <DialogContent dividers role="region" aria-label="Destinataires du message">
          <Typography>
            Ce message partira à <strong>{preview.count}</strong> famille(s){preview.sample.length ? ', dont :' : '.'}
          </Typography>
          <Typography component="ul" sx={{ my: 1 }}>
            {preview.sample.map((name) => (
              <li key={name}>{name}</li>
            ))}
            {preview.count > preview.sample.length ? <li>… et {preview.count - preview.sample.length} autre(s)</li> : null}
          </Typography>
        </DialogContent>
      ) : null}
      <DialogActions>
        <Button onClick={onClose}>Annuler</Button>
        {preview ? (
          <>
            <Button onClick={() => setPreview(null)}>Modifier</Button>
            <Button variant="contained" color="error" onClick={send} disabled={busy || preview.count === 0}>
              Envoyer à {preview.count} famille(s)
            </Button>
          </>
        ) : (
          <Button variant="contained" onClick={review}>
            Vérifier les destinataires
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
