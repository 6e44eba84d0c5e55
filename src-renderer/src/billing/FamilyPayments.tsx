import { useEffect, useState } from 'react';
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { PaymentRow } from '../../../shared/contracts/billing';
import { callStaffApi } from '../api-client';
import { euros, shortDate } from './pdf-download';

const STATUS: Record<PaymentRow['status'], string> = { confirmed: '', to_confirm: ' — à confirmer', rejected: ' — rejeté' };

/** A family's payments, newest first, with the invoices each one settled. */
export function FamilyPayments({ familyId, reload }: { familyId: number; reload: number }) {
  const [rows, setRows] = useState<PaymentRow[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger: each change asks the server again.
  useEffect(() => {
    callStaffApi('payments.list', { familyId, pageSize: 50 }).then(
      (page) => setRows(page.rows),
      () => undefined,
    );
  }, [familyId, reload]);
  return (
    <>
      <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
        Règlements
      </Typography>
      {rows.length === 0 ? (
        <Typography color="text.secondary">Aucun règlement.</Typography>
      ) : (
        <Table size="small" aria-label="Règlements de la famille">
          <TableHead>
            <TableRow>
              <TableCell>Date</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Référence</TableCell>
              <TableCell>Factures</TableCell>
              <TableCell align="right">Montant</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((p) => (
              <TableRow key={p.id}>
                <TableCell>{shortDate(p.paidOn)}</TableCell>
                <TableCell>
                  {p.typeLabel}
                  {STATUS[p.status]}
                </TableCell>
                <TableCell>{p.reference}</TableCell>
                <TableCell>{p.invoices.join(', ') || (p.allocatedCents < p.amountCents ? 'crédit' : '')}</TableCell>
                <TableCell align="right">{euros(p.amountCents)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
