import { useEffect, useState } from 'react';
import { Alert, Box, Chip, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import type { CapacityDay, ServiceOption } from '../../../shared/contracts/attendance';
import { callStaffApi, errorMessage } from '../api-client';
import { serverToday } from '../server-clock';
import { ExportButtons } from '../components/ExportButtons';

const DAY_NAMES = ['Di', 'Lu', 'Ma', 'Me', 'Je', 'Ve', 'Sa'];

/** Booked / capacity for each day of a month, with the waiting list, for one service. */
export function CapacityScreen() {
  const [services, setServices] = useState<ServiceOption[]>([]);
  const [serviceId, setServiceId] = useState<number | ''>('');
  const [month, setMonth] = useState(() => serverToday().slice(0, 7));
  const [days, setDays] = useState<CapacityDay[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    callStaffApi('services.options', {}).then(
      (list) => {
        setServices(list);
        if (list[0]) setServiceId(list[0].id);
      },
      (e) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(() => {
    if (serviceId === '' || !/^\d{4}-\d{2}$/.test(month)) return;
    callStaffApi('capacity.month', { serviceId, month }).then(setDays, (e) => setError(errorMessage(e)));
  }, [serviceId, month]);

  const used = days.filter((d) => d.booked > 0 || d.waiting > 0);
  return (
    <Box>
      <Stack direction="row" sx={{ mb: 2, alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Capacité
        </Typography>
        <TextField
          select
          label="Prestation"
          value={serviceId}
          onChange={(e) => setServiceId(Number(e.target.value))}
          size="small"
          sx={{ minWidth: 320 }}
        >
          {services.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Mois"
          type="month"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          size="small"
          slotProps={{ inputLabel: { shrink: true } }}
        />
      </Stack>
      {error ? (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      ) : null}
      {serviceId !== '' && /^\d{4}-\d{2}$/.test(month) ? (
        <ExportButtons request={{ grid: 'capacity', filter: { serviceId, month } }} label="la capacité" />
      ) : null}
      {used.length === 0 ? (
        <Typography>Aucune réservation ce mois-ci.</Typography>
      ) : (
        <Table size="small" aria-label="Réservations et capacité par jour">
          <TableHead>
            <TableRow>
              <TableCell>Jour</TableCell>
              <TableCell>Réservés / capacité</TableCell>
              <TableCell>Liste d’attente</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {used.map((d) => {
              const full = d.capacity != null && d.booked >= d.capacity;
              return (
                <TableRow key={d.date}>
                  <TableCell>
                    {DAY_NAMES[new Date(`${d.date}T00:00:00Z`).getUTCDay()]} {d.date.split('-').reverse().join('/')}
                  </TableCell>
                  <TableCell>
                    {d.booked} / {d.capacity ?? '∞'} {full ? <Chip size="small" color="warning" label="Complet" /> : null}
                  </TableCell>
                  <TableCell>
                    {d.waiting > 0 ? `${d.waiting} en attente` : ''}
                    {d.offered > 0 ? ` — ${d.offered} place(s) proposée(s)` : ''}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
