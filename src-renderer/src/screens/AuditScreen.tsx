import { useEffect, useState } from 'react';
import { MenuItem, Stack, TextField, Typography } from '@mui/material';
import { callStaffApi } from '../api-client';
import { AuditGrid } from '../audit/AuditGrid';

const SHOWN = { select: { displayEmpty: true }, inputLabel: { shrink: true } } as const;

/** « Journal »: who changed what and when, filtered by operation, person and period. */
export function AuditScreen({ onOpenFamily }: { onOpenFamily: (id: number) => void }) {
  const [actions, setActions] = useState<string[]>([]);
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [debouncedActor, setDebouncedActor] = useState('');
  useEffect(() => {
    callStaffApi('audit.actions', {}).then(setActions, () => setActions([]));
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => setDebouncedActor(actor), 250);
    return () => clearTimeout(timer);
  }, [actor]);
  const filter = {
    action: action || undefined,
    actor: debouncedActor || undefined,
    from: from || undefined,
    to: to || undefined,
  };
  return (
    <>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        Journal des modifications
      </Typography>
      <Stack direction="row" sx={{ gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          select
          size="small"
          label="Opération"
          value={action}
          onChange={(e) => setAction(e.target.value)}
          sx={{ minWidth: 220 }}
          slotProps={SHOWN}
        >
          <MenuItem value="">Toutes les opérations</MenuItem>
          {actions.map((a) => (
            <MenuItem key={a} value={a}>
              {a}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" label="Par (agent ou famille)" value={actor} onChange={(e) => setActor(e.target.value)} />
        <TextField
          size="small"
          type="date"
          label="Du"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          size="small"
          type="date"
          label="Au"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      </Stack>
      <AuditGrid filter={filter} label="Journal des modifications" onOpenFamily={onOpenFamily} />
    </>
  );
}
