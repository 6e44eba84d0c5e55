import { useEffect, useState } from 'react';
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ReminderView } from '../../../shared/contracts/billing';
import { callStaffApi } from '../api-client';
import { euros, shortDate } from './pdf-download';

/** The reminders sent to a family, newest first (« recorded on the family page »). */
export function FamilyReminders({ familyId, reload }: { familyId: number; reload: number }) {
  const [rows, setRows] = useState<ReminderView[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger.
  useEffect(() => {
    callStaffApi('reminders.ofFamily', { familyId }).then(setRows, () => undefined);
  }, [familyId, reload]);
  if (!rows.length) return null;
  return (
    <>
      <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
        Relances
      </Typography>
      <Table size="small" aria-label="Relances de la famille">
        <TableHead>
          <TableRow>
            <TableCell>Date</TableCell>
            <TableCell>Facture</TableCell>
            <TableCell>Relance</TableCell>
            <TableCell>Envoi</TableCell>
            <TableCell align="right">Restait dû</TableCell>
            <TableCell>Agent</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={`${r.invoiceNumber}-${r.level}`}>
              <TableCell>{shortDate(r.sentOn)}</TableCell>
              <TableCell>{r.invoiceNumber}</TableCell>
              <TableCell>{r.title}</TableCell>
              <TableCell>{r.channel === 'email' ? 'Courriel' : 'Courrier'}</TableCell>
              <TableCell align="right">{euros(r.remainingCents)}</TableCell>
              <TableCell>{r.sentBy}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
