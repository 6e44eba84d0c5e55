import { Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { PaymentsJournal } from '../../../shared/contracts/billing';
import { euros } from './pdf-download';

/** The journal's totals by mode over the whole filter (not the page shown), and the grand total. */
export function PaymentTotals({ journal }: { journal: PaymentsJournal }) {
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Totaux par mode
        </Typography>
        <Table size="small" aria-label="Totaux par mode de règlement">
          <TableHead>
            <TableRow>
              <TableCell>Mode</TableCell>
              <TableCell align="right">Nombre</TableCell>
              <TableCell align="right">Montant</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {journal.totals.map((t) => (
              <TableRow key={t.type}>
                <TableCell>{t.label}</TableCell>
                <TableCell align="right">{t.count}</TableCell>
                <TableCell align="right">{euros(t.amountCents)}</TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell sx={{ fontWeight: 'bold' }}>Total</TableCell>
              <TableCell align="right" sx={{ fontWeight: 'bold' }}>
                {journal.total}
              </TableCell>
              <TableCell align="right" sx={{ fontWeight: 'bold' }}>
                {euros(journal.totalCents)}
              </TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
