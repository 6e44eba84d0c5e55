import { useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { Button, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { callStaffApi, errorMessage } from '../api-client';
import { serverToday } from '../server-clock';
import { euros, savePdf } from './pdf-download';

/**
 * « Attestations fiscales »: every family's attestation de frais de garde for a past year, one
 * page each, printed a part of 200 families at a time (families print their own on the portal).
 */
export function ChildcareAttestationsCard() {
  const current = Number(serverToday().slice(0, 4));
  const years = [current - 1, current - 2, current - 3];
  const [year, setYear] = useState(String(years[0]));
  const [printed, setPrinted] = useState<{ part: number; parts: number; total: number; careCents: number } | null>(null);
  const [error, setError] = useState('');
  const print = async (part = 1) => {
    setError('');
    try {
      const file = await callStaffApi('attestations.childcare', { year: Number(year), part });
      savePdf(file);
      setPrinted({ part: file.part, parts: file.parts, total: file.total, careCents: file.careCents });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card variant="outlined" sx={{ mb: 3 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Attestations fiscales (frais de garde)
        </Typography>
        <ErrorAlert error={error} />
        <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label="Année"
            value={year}
            onChange={(e) => {
              setYear(e.target.value);
              setPrinted(null);
            }}
            sx={{ width: 120 }}
          >
            {years.map((y) => (
              <MenuItem key={y} value={String(y)}>
                {y}
              </MenuItem>
            ))}
          </TextField>
          <Button variant="outlined" onClick={() => print(1)}>
            Imprimer les attestations {year}
          </Button>
          {printed && printed.part < printed.parts ? (
            <Button variant="outlined" onClick={() => print(printed.part + 1)}>
              Imprimer la partie {printed.part + 1} sur {printed.parts}
            </Button>
          ) : null}
        </Stack>
        {printed ? (
          <Typography sx={{ mt: 1 }} role="status">
            Partie {printed.part} sur {printed.parts} : {printed.total} famille(s) concernée(s) en {year} ; frais de garde de cette partie :{' '}
            {euros(printed.careCents)}.
          </Typography>
        ) : null}
      </CardContent>
    </Card>
  );
}
