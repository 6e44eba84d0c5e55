import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { PAYMENT_TYPES, type OpenInvoicesByRegie } from '../../../shared/contracts/billing';
import { InvoicesToSettle } from './InvoicesToSettle';
import { PAYMENT_TYPE_LABELS } from '../../../shared/domain/labels';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { euros, savePdf } from './pdf-download';
import { parseEuros } from '../../../shared/domain/money';

/**
 * An agent records a payment received for one régie: the family's open invoices of that régie
 * are listed, all ticked, oldest first; the agent may untick those it does not pay.
 */
export function PaymentDialog({
  familyId,
  today,
  onClose,
  onSaved,
}: {
  familyId: number;
  today: string;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [type, setType] = useState<string>('cheque');
  const [amount, setAmount] = useState('');
  const [paidOn, setPaidOn] = useState(today);
  const [reference, setReference] = useState('');
  const [ormcNumber, setOrmcNumber] = useState('');
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [owed, setOwed] = useState<OpenInvoicesByRegie>([]);
  const [regieId, setRegieId] = useState<number | null>(null);
  const [unticked, setUnticked] = useState<Set<number>>(new Set());

  const [allRegies, setAllRegies] = useState<Array<{ id: number; name: string }>>([]);

  useEffect(() => {
    Promise.all([callStaffApi('payments.openInvoices', { familyId }), callStaffApi('billing.regies', {})]).then(
      ([groups, regies]) => {
        setOwed(groups);
        setAllRegies(regies);
        setRegieId(groups[0]?.regieId ?? (regies.length === 1 ? regies[0]!.id : null));
      },
      (e) => setError(errorMessage(e)),
    );
  }, [familyId]);
  const group = owed.find((g) => g.regieId === regieId);
  // The régies it may pay: those the family owes to; when it owes nothing (an advance), any.
  const regieOptions = owed.length ? owed.map((g) => ({ id: g.regieId, name: g.regie })) : allRegies;

  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (busy) return; // a double click records one payment
    setError('');
    setErrors({});
    const cents = parseEuros(amount);
    if (Number.isNaN(cents) || cents <= 0) {
      setErrors({ amountCents: 'Montant en euros attendu, par exemple 120,60.' });
      return;
    }
    setBusy(true);
    let result: Awaited<ReturnType<typeof callStaffApi<'payments.record'>>>;
    try {
      result = await callStaffApi('payments.record', {
        familyId,
        type: type as never,
        amountCents: cents,
        paidOn,
        reference,
        ormcNumber,
        regieId: regieId ?? undefined,
        invoiceIds: group ? group.invoices.filter((i) => !unticked.has(i.id)).map((i) => i.id) : undefined,
      });
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
      setBusy(false);
      return;
    }
    const settled = result.allocations.map((a) => `${a.number} (${euros(a.amountCents)})`).join(', ');
    const recorded = `Règlement de ${euros(cents)} enregistré${settled ? ` : ${settled}` : ''}${result.creditCents ? ` ; ${euros(result.creditCents)} restent au crédit de la famille` : ''}`;
    // The payment stands whatever happens to its receipt: the dialog closes, the receipt follows.
    if (!result.receiptNumber) return onSaved(`${recorded}.`);
    try {
      savePdf(await callStaffApi('payments.receipt', { id: result.paymentId }));
      onSaved(`${recorded} ; reçu n° ${result.receiptNumber} imprimé.`);
    } catch {
      onSaved(`${recorded} ; le reçu n° ${result.receiptNumber} n’a pas pu être imprimé : réimprimez-le depuis « Règlements ».`);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="payment-title">
      <DialogTitle id="payment-title">Enregistrer un règlement</DialogTitle>
      <DialogContent>
        <ErrorAlert error={error} />
        <Stack sx={{ gap: 2, mt: 1, minWidth: 360 }}>
          <TextField
            select
            label="Type"
            value={type}
            onChange={(e) => setType(e.target.value)}
            error={Boolean(errors.type)}
            helperText={errors.type}
          >
            {PAYMENT_TYPES.map((t) => (
              <MenuItem key={t} value={t}>
                {t === 'titre' ? 'Titre émis (ORMC)' : PAYMENT_TYPE_LABELS[t]}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Montant (€)"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={Boolean(errors.amountCents)}
            helperText={errors.amountCents}
            inputMode="decimal"
          />
          {regieOptions.length > 1 ? (
            <TextField
              select
              label="Régie"
              value={regieId ?? ''}
              onChange={(e) => {
                setRegieId(Number(e.target.value));
                setUnticked(new Set());
              }}
              error={Boolean(errors.regieId)}
              helperText={errors.regieId ?? 'Un règlement ne paie que les factures d’une régie.'}
            >
              {regieOptions.map((r) => (
                <MenuItem key={r.id} value={r.id}>
                  {r.name}
                </MenuItem>
              ))}
            </TextField>
          ) : null}
          {group ? <InvoicesToSettle group={group} unticked={unticked} onChange={setUnticked} error={errors.invoiceIds} /> : null}
          <TextField
            label="Date du règlement"
            type="date"
            value={paidOn}
            onChange={(e) => setPaidOn(e.target.value)}
            error={Boolean(errors.paidOn)}
            helperText={errors.paidOn}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            label="Référence (n° de chèque, de reçu…)"
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            error={Boolean(errors.reference)}
            helperText={errors.reference}
          />
          {type === 'titre' ? (
            <TextField
              label="N° ORMC du titre"
              value={ormcNumber}
              onChange={(e) => setOrmcNumber(e.target.value)}
              error={Boolean(errors.ormcNumber)}
              helperText={errors.ormcNumber}
              required
            />
          ) : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Fermer</Button>
        <Button variant="contained" onClick={save} disabled={busy}>
          Enregistrer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
