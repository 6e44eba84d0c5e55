import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, FormControlLabel, Grid, Stack, TextField, Typography } from '@mui/material';
import { errorMessage, fieldErrors } from '../api-client';

export interface ListEditorColumn {
  key: string;
  label: string;
  type: 'text' | 'date' | 'checkbox';
  width: number;
}

type Row = Record<string, string | boolean | null>;

/** Edits one of a child's lists (authorised persons, vaccinations) and saves it whole, with the server's French errors. */
export function ListEditor(props: {
  title: string;
  name: string;
  columns: ListEditorColumn[];
  max: number;
  addLabel: string;
  saveLabel: string;
  load: () => Promise<Row[]>;
  save: (rows: Row[], loaded: Row[]) => Promise<Row[]>;
}) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [loaded, setLoaded] = useState<Row[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list is read once, when the editor opens; the parent passes a new `load` at each render.
  useEffect(() => {
    props.load().then(
      (r) => {
        setRows(r);
        setLoaded(r);
      },
      (e) => setError(errorMessage(e)),
    );
  }, []); // loads once: the editor is keyed by its child
  if (!rows) return error ? <Alert severity="error">{error}</Alert> : null;

  const blank = (): Row =>
    Object.fromEntries(props.columns.map((c) => [c.key, c.type === 'checkbox' ? false : c.type === 'date' ? null : '']));
  const set = (i: number, key: string, value: string | boolean | null) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  const save = async () => {
    setErrors({});
    setError('');
    setMessage('');
    try {
      const kept = rows.filter((r) => props.columns.some((c) => c.type !== 'checkbox' && r[c.key]));
      const saved = await props.save(kept, loaded);
      setRows(saved);
      setLoaded(saved);
      setMessage('Enregistré.');
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    }
  };
  return (
    <Stack sx={{ gap: 1 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {props.title}
      </Typography>
      {error ? (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      ) : null}
      {message ? <Alert severity="success">{message}</Alert> : null}
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: every field is controlled by its row’s value, so removing a row cannot show another row’s values.
        <Grid container spacing={1} key={i}>
          {props.columns.map((c) => (
            <Grid key={c.key} size={{ xs: 12, sm: c.width }}>
              {c.type === 'checkbox' ? (
                <FormControlLabel
                  control={<Checkbox checked={row[c.key] === true} onChange={(e) => set(i, c.key, e.target.checked)} />}
                  label={c.label}
                />
              ) : (
                <TextField
                  size="small"
                  fullWidth
                  label={c.label}
                  type={c.type}
                  value={row[c.key] ?? ''}
                  slotProps={c.type === 'date' ? { inputLabel: { shrink: true } } : undefined}
                  onChange={(e) => set(i, c.key, c.type === 'date' ? e.target.value || null : e.target.value)}
                  error={Boolean(errors[`${props.name}.${i}.${c.key}`])}
                  helperText={errors[`${props.name}.${i}.${c.key}`]}
                />
              )}
            </Grid>
          ))}
        </Grid>
      ))}
      <Stack direction="row" sx={{ gap: 1 }}>
        <Button onClick={() => setRows([...rows, blank()])} disabled={rows.length >= props.max}>
          {props.addLabel}
        </Button>
        <Button variant="outlined" onClick={save}>
          {props.saveLabel}
        </Button>
      </Stack>
    </Stack>
  );
}
