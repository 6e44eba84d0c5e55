import { Checkbox, FormControlLabel, Grid, MenuItem, TextField } from '@mui/material';
import { CIVILITIES, type AdultInput } from '../../../shared/contracts/families';

export const emptyAdult = (): Required<AdultInput> => ({
  civility: 'Madame',
  lastName: '',
  firstName: '',
  quality: '',
  birthDate: null,
  address: '',
  postalCode: '',
  city: '',
  phoneHome: '',
  phoneWork: '',
  phoneMobile: '',
  email: '',
  profession: '',
  csp: '',
  employer: '',
  employerAddress: '',
  emailAllowed: false,
  smsAllowed: false,
});

const TEXT_FIELDS: Array<[keyof AdultInput, string, number]> = [
  ['lastName', 'Nom', 6],
  ['firstName', 'Prénom', 6],
  ['quality', 'Ouverture / qualité', 6],
  ['address', 'Adresse', 12],
  ['postalCode', 'Code postal', 4],
  ['city', 'Ville', 8],
  ['phoneHome', 'Téléphone domicile', 4],
  ['phoneWork', 'Téléphone prof.', 4],
  ['phoneMobile', 'Mobile', 4],
  ['email', 'Email', 12],
  ['profession', 'Profession', 6],
  ['csp', 'CSP', 6],
  ['employer', 'Employeur', 6],
  ['employerAddress', 'Adresse employeur', 6],
];

/** The fields of the manual's « Mon compte » table for one adult; errors keyed « prefix.field ». */
export function AdultFields(props: {
  prefix: string;
  value: Required<AdultInput>;
  onChange: (value: Required<AdultInput>) => void;
  errors: Record<string, string>;
}) {
  const set = <K extends keyof AdultInput>(key: K, v: Required<AdultInput>[K]) => props.onChange({ ...props.value, [key]: v });
  const err = (key: string) => props.errors[`${props.prefix}.${key}`];
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, sm: 4 }}>
        <TextField
          select
          label="Civilité"
          value={props.value.civility}
          onChange={(e) => set('civility', e.target.value as AdultInput['civility'])}
          fullWidth
          error={Boolean(err('civility'))}
          helperText={err('civility')}
        >
          {CIVILITIES.map((c) => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      {TEXT_FIELDS.map(([key, label, width]) => (
        <Grid key={key} size={{ xs: 12, sm: width }}>
          <TextField
            label={label}
            name={`${props.prefix}.${key}`}
            value={(props.value[key] as string | null) ?? ''}
            onChange={(e) => set(key, e.target.value as never)}
            fullWidth
            required={key === 'lastName' || key === 'firstName'}
            error={Boolean(err(key))}
            helperText={err(key)}
          />
        </Grid>
      ))}
      <Grid size={{ xs: 12 }}>
        <FormControlLabel
          control={<Checkbox checked={props.value.emailAllowed} onChange={(e) => set('emailAllowed', e.target.checked)} />}
          label="Autorisation courriel"
        />
        <FormControlLabel
          control={<Checkbox checked={props.value.smsAllowed} onChange={(e) => set('smsAllowed', e.target.checked)} />}
          label="Autorisation SMS"
        />
      </Grid>
    </Grid>
  );
}
