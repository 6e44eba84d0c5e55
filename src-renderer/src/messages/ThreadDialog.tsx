import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Paper, Stack, TextField, Typography } from '@mui/material';
import type { ThreadDetail } from '../../../shared/contracts/messages';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { fileToAttachment, saveFile } from './file-input';
import { parisDateTime } from '../server-clock';

const when = (iso: string) => parisDateTime(iso);

/** One conversation with a family: every message, its files, the answer box, « traité ». */
export function ThreadDialog({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const [thread, setThread] = useState<ThreadDetail | null>(null);
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the thread is read when another one is opened; the parent passes a new `onChanged` at each render.
  useEffect(() => {
    callStaffApi('messages.thread', { id }).then(
      (t) => {
        setThread(t);
        onChanged();
      },
      (e) => setError(errorMessage(e)),
    );
  }, [id]);

  const run = async (action: () => Promise<ThreadDetail>) => {
    setError('');
    setErrors({});
    try {
      setThread(await action());
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };
  const reply = () =>
    run(async () => {
      const result = await callStaffApi('messages.reply', {
        threadId: id,
        body,
        attachment: file ? await fileToAttachment(file) : undefined,
      });
      setBody('');
      setFile(null);
      return result;
    });

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="thread-title">
      <DialogTitle id="thread-title">
        {thread ? `${thread.messages[0]?.subject} — ${thread.familyName} (${thread.familyNumber}) — ${thread.structure}` : 'Conversation'}
      </DialogTitle>
      <DialogContent>
        <ErrorAlert error={error} />
        <Stack sx={{ gap: 1.5 }}>
          {thread?.messages.map((m) => (
            <Paper
              key={m.id}
              variant="outlined"
              sx={{ p: 1.5, ml: m.direction === 'to_family' ? 6 : 0, mr: m.direction === 'from_family' ? 6 : 0 }}
            >
              <Typography variant="body2" color="text.secondary">
                {m.author} — {when(m.createdAt)}
                {m.direction === 'to_family' ? (m.readByFamilyAt ? ' — lu par la famille' : ' — non lu par la famille') : ''}
                {m.deletedByFamily ? ' — supprimé par la famille' : ''}
              </Typography>
              <Typography sx={{ whiteSpace: 'pre-wrap' }}>{m.body}</Typography>
              {m.attachments.map((a) => (
                <Button
                  key={a.id}
                  size="small"
                  onClick={() => callStaffApi('messages.attachment', { id: a.id }).then(saveFile, (e) => setError(errorMessage(e)))}
                >
                  {`Pièce jointe : ${a.filename}`}
                </Button>
              ))}
            </Paper>
          ))}
        </Stack>
        <TextField
          label="Réponse"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          fullWidth
          multiline
          minRows={3}
          sx={{ mt: 3 }}
          error={Boolean(errors.body)}
          helperText={errors.body ?? 'La famille la lit dans « Messages reçus » ; prévenue par courriel si elle l’a accepté.'}
        />
        <Box sx={{ mt: 1 }}>
          <Button component="label" size="small">
            {file ? `Fichier : ${file.name}` : 'Joindre un fichier (PDF, JPEG, PNG)'}
            <input
              hidden
              type="file"
              accept="application/pdf,image/jpeg,image/png"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Button>
          {errors.attachment ? (
            <Typography color="error" variant="body2">
              {errors.attachment}
            </Typography>
          ) : null}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Fermer</Button>
        {thread ? (
          <Button onClick={() => run(() => callStaffApi('messages.setHandled', { threadId: id, handled: !thread.handled }))}>
            {thread.handled ? 'Rouvrir' : 'Marquer traité'}
          </Button>
        ) : null}
        <Button variant="contained" onClick={reply} disabled={!body.trim()}>
          Répondre
        </Button>
      </DialogActions>
    </Dialog>
  );
}
