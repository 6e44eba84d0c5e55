import { useState } from 'react';
import { Box, Button, Stack, TextField, Typography } from '@mui/material';
import type { AttendanceSheet, RollCallChildOption } from '../../../shared/contracts/attendance';
import { callStaffApi, errorMessage } from '../api-client';
import { ErrorAlert } from './ErrorAlert';

/** « Ajouter un enfant hors contrat »: a name typed (Enter searches), then the child chosen is on the roll, present. */
export function UnannouncedChild({
  serviceId,
  date,
  onAdded,
}: {
  serviceId: number;
  date: string;
  onAdded: (sheet: AttendanceSheet) => void;
}) {
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<RollCallChildOption[] | null>(null);
  const [error, setError] = useState('');
  const find = async (event: React.FormEvent) => {
    event.preventDefault();
    setError('');
    try {
      setOptions(await callStaffApi('attendance.searchChildren', { search }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const add = async (childId: number) => {
    setError('');
    try {
      onAdded(await callStaffApi('attendance.addUnannounced', { serviceId, date, childId }));
      setOptions(null);
      setSearch('');
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Box className="no-print" sx={{ mt: 2 }}>
      <Typography variant="h6" component="h3">
        Enfant venu sans réservation (hors contrat)
      </Typography>
      <ErrorAlert error={error} />
      <Stack component="form" direction="row" onSubmit={find} sx={{ gap: 1, alignItems: 'center', my: 1 }}>
        <TextField
          size="small"
          label="Nom de l’enfant"
          name="unannouncedSearch"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          slotProps={{ htmlInput: { maxLength: 60 } }}
        />
        <Button type="submit">Chercher</Button>
      </Stack>
      {options && options.length === 0 ? <Typography>Aucun enfant de ce nom.</Typography> : null}
      {options?.map((o) => (
        <Stack key={o.childId} direction="row" sx={{ alignItems: 'center', gap: 1 }}>
          <Typography sx={{ flexGrow: 1 }}>{o.label}</Typography>
          <Button size="small" onClick={() => add(o.childId)} aria-label={`Ajouter ${o.label} au pointage`}>
            Ajouter au pointage
          </Button>
        </Stack>
      ))}
    </Box>
  );
}
