import { Button, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { CommuneSettingsView } from '../../../shared/contracts/settings';
import { DUE_RULE_LABELS } from '../../../shared/domain/billing-rules';

type Billing = CommuneSettingsView['billing'];

/** Admins: PayFiP's contract and addresses, and when invoices fall due. */
export function BillingSettingsCard({
  value,
  errors,
  onChange,
  onSave,
}: {
  value: Billing;
  errors: Record<string, string>;
  onChange: (v: Billing) => void;
  onSave: () => void;
}) {
  const set = (patch: Partial<Billing>) => onChange({ ...value, ...patch });
  const text = (key: keyof Billing, label: string, help?: string) => (
    <TextField
      label={label}
      value={value[key]}
      onChange={(e) => set({ [key]: e.target.value } as Partial<Billing>)}
      error={Boolean(errors[key])}
      helperText={errors[key] ?? help}
    />
  );
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Factures et paiement en ligne (PayFiP)
        </Typography>
        <Stack sx={{ gap: 2 }}>
          <TextField
            select
            label="Date d’échéance des factures"
            value={value.invoiceDueRule}
            onChange={(e) => set({ invoiceDueRule: e.target.value as Billing['invoiceDueRule'] })}
          >
            {Object.entries(DUE_RULE_LABELS).map(([rule, label]) => (
              <MenuItem key={rule} value={rule}>
                {label}
              </MenuItem>
            ))}
          </TextField>
          {text('payfipClientNumber', 'N° client PayFiP (numcli)', 'Six chiffres, fournis par la DGFiP ; vide : pas de paiement en ligne.')}
          <TextField
            select
            label="Mode PayFiP"
            value={value.payfipMode}
            onChange={(e) => set({ payfipMode: e.target.value as Billing['payfipMode'] })}
          >
            <MenuItem value="ws">Web-service (recommandé : le résultat est demandé à PayFiP)</MenuItem>
            <MenuItem value="url">Mode URL (ancien : paiements « à confirmer » par un agent)</MenuItem>
          </TextField>
          <TextField
            select
            label="Saisie"
            value={value.payfipSaisie}
            onChange={(e) => set({ payfipSaisie: e.target.value as Billing['payfipSaisie'] })}
          >
            <MenuItem value="T">T — test</MenuItem>
            <MenuItem value="X">X — activation</MenuItem>
            <MenuItem value="W">W — production (web-service)</MenuItem>
            <MenuItem value="A">A — production (mode URL)</MenuItem>
          </TextField>
          <TextField
            type="number"
            label="Lien actif, jours après l’échéance"
            value={value.payfipLinkDaysAfterDue}
            onChange={(e) => set({ payfipLinkDaysAfterDue: Number(e.target.value) })}
            error={Boolean(errors.payfipLinkDaysAfterDue)}
            helperText={errors.payfipLinkDaysAfterDue ?? 'Le manuel : 30 jours.'}
          />
          {text('payfipWsUrl', 'Adresse du web-service PayFiP')}
          {text('payfipPaymentPageUrl', 'Page de paiement PayFiP (web-service)')}
          {text('payfipUrlModeUrl', 'Page de paiement PayFiP (mode URL)')}
          <Button variant="contained" onClick={onSave}>
            Enregistrer
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}
