import { useEffect, useState } from 'react';
import { useUnsavedChanges } from '../unsaved-changes';
import { Alert, Button, Checkbox, FormControlLabel, Grid, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { fieldInputValue, SECTIONS, type FieldSpec, type SectionKey, type SectionValues } from '../../../shared/contracts/record-sections';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';

function FieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: FieldSpec;
  value: unknown;
  error?: string;
  onChange: (v: unknown) => void;
}) {
  if (field.kind === 'boolean') {
    return (
      <FormControlLabel control={<Checkbox checked={value === true} onChange={(e) => onChange(e.target.checked)} />} label={field.label} />
    );
  }
  const common = {
    label: field.label,
    fullWidth: true,
    size: 'small' as const,
    error: Boolean(error),
    helperText: error ?? field.hint,
    value: fieldInputValue(field, value),
  };
  if (field.kind === 'select') {
    return (
      <TextField select {...common} onChange={(e) => onChange(e.target.value)}>
        <MenuItem value="">(non renseigné)</MenuItem>
        {field.options!.map((o) => (
          <MenuItem key={o} value={o}>
            {o}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  return (
    <TextField
      {...common}
      type={field.kind === 'date' ? 'date' : 'text'}
      multiline={field.kind === 'longText'}
      slotProps={field.kind === 'date' ? { inputLabel: { shrink: true } } : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Edits one section of a record (fiscal, CAF, bank, child information, health), with the server's French errors. */
export function SectionEditor({ section, ownerId }: { section: SectionKey; ownerId: number }) {
  const spec = SECTIONS[section];
  const [values, setValues] = useState<SectionValues | null>(null);
  const [loaded, setLoaded] = useState<SectionValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  useUnsavedChanges(values !== null && JSON.stringify(values) !== JSON.stringify(loaded));

  useEffect(() => {
    callStaffApi('records.getSection', { section, ownerId }).then(
      (view) => {
        setValues(view.values);
        setLoaded(view.values);
      },
      (e) => setError(errorMessage(e)),
    );
  }, [section, ownerId]);

  const save = async () => {
    setErrors({});
    setMessage('');
    setError('');
    try {
      const view = await callStaffApi('records.updateSection', { section, ownerId, values: values!, expected: loaded });
      setValues(view.values);
      setLoaded(view.values);
      setMessage('Enregistré.');
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    }
  };

  if (!values) return error ? <Alert severity="error">{error}</Alert> : null;
  return (
    <Stack sx={{ gap: 1 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {spec.title}
      </Typography>
      {error ? (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      ) : null}
      {message ? <Alert severity="success">{message}</Alert> : null}
      <Grid container spacing={2}>
        {spec.fields.map((field) => (
          <Grid key={field.key} size={{ xs: 12, sm: field.kind === 'longText' ? 12 : 6 }}>
            <FieldInput
              field={field}
              value={values[field.key]}
              error={errors[field.key]}
              onChange={(v) => setValues({ ...values, [field.key]: v as never })}
            />
          </Grid>
        ))}
      </Grid>
      <div>
        <Button variant="outlined" onClick={save}>
          Enregistrer {spec.title.toLowerCase()}
        </Button>
      </div>
    </Stack>
  );
}
