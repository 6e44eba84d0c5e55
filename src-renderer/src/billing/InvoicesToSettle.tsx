import { Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel } from '@mui/material';
import type { OpenInvoicesByRegie } from '../../../shared/contracts/billing';
import { euros, shortDate } from './pdf-download';

/** The open invoices of one régie a payment settles, oldest first; unticking one leaves it due. */
export function InvoicesToSettle({
  group,
  unticked,
  onChange,
  error,
}: {
  group: OpenInvoicesByRegie[number];
  unticked: Set<number>;
  onChange: (unticked: Set<number>) => void;
  error?: string;
}) {
  const toggle = (id: number) => {
    const next = new Set(unticked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange(next);
  };
  return (
    <FormControl component="fieldset" error={Boolean(error)}>
      <FormLabel component="legend">Factures réglées ({group.regie}), la plus ancienne d’abord</FormLabel>
      <FormGroup>
        {group.invoices.map((invoice) => (
          <FormControlLabel
            key={invoice.id}
            control={<Checkbox checked={!unticked.has(invoice.id)} onChange={() => toggle(invoice.id)} />}
            label={`${invoice.number} — échéance ${shortDate(invoice.dueOn)} — reste ${euros(invoice.remainingCents)}`}
          />
        ))}
      </FormGroup>
      <FormHelperText>{error ?? 'Ce qui dépasse les factures cochées reste au crédit de la famille.'}</FormHelperText>
    </FormControl>
  );
}
