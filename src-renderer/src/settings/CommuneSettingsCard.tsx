import { Button, Card, CardContent, Grid, TextField, Typography } from '@mui/material';
import type { CommuneSettingsView } from '../../../shared/contracts/settings';

type Commune = CommuneSettingsView['commune'];
const FIELDS: Array<[keyof Commune, string]> = [
  ['name', 'Nom (en-tête des factures et du portail)'],
  ['address', 'Adresse'],
  ['postalCode', 'Code postal'],
  ['city', 'Commune'],
  ['phone', 'Téléphone'],
  ['email', 'Courriel'],
  ['website', 'Site web'],
  ['treasuryName', 'Trésorerie'],
  ['treasuryPhone', 'Téléphone de la trésorerie'],
  ['treasuryAddress', 'Adresse de la trésorerie'],
  ['signatoryName', 'Signataire des attestations (nom)'],
  ['signatoryTitle', 'Qualité du signataire (Le Maire, Le régisseur…)'],
];

/** Admins: the commune's identity and contacts, and the trésorerie's (invoices, portal notices). */
export function CommuneSettingsCard({
  value,
  errors,
  onChange,
  onSave,
}: {
  value: Commune;
  errors: Record<string, string>;
  onChange: (v: Commune) => void;
  onSave: () => void;
}) {
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          La commune et la trésorerie
        </Typography>
        <Grid container spacing={2}>
          {FIELDS.map(([key, label]) => (
            <Grid key={key} size={{ xs: 12, sm: 6 }}>
              <TextField
                fullWidth
                size="small"
                label={label}
                value={value[key]}
                onChange={(e) => onChange({ ...value, [key]: e.target.value })}
                error={Boolean(errors[key])}
                helperText={errors[key]}
              />
            </Grid>
          ))}
        </Grid>
        <Button variant="contained" sx={{ mt: 2 }} onClick={onSave}>
          Enregistrer
        </Button>
      </CardContent>
    </Card>
  );
}
