import { useEffect, useState } from 'react';
import { useUnsavedChanges } from '../unsaved-changes';
import { Alert, Box, Button, Card, CardContent, IconButton, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { TariffView, TariffsView } from '../../../shared/contracts/billing';
import type { StaffUserView } from '../../../shared/contracts/staff';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { parseEuros } from '../../../shared/domain/money';

const toEuros = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2).replace('.', ','));
const toQf = (text: string) => (text.trim() === '' ? null : Number(text));

interface BandDraft {
  qfMin: string;
  qfMax: string;
  price: string;
}

/** One service's prices for the year: the default (QF unknown) and the QF bands; admins edit them. */
function TariffCard({ tariff, canEdit }: { tariff: TariffView; canEdit: boolean }) {
  const [fallback, setFallback] = useState(toEuros(tariff.defaultPriceCents));
  const [bands, setBands] = useState<BandDraft[]>(
    tariff.bands.map((b) => ({
      qfMin: b.qfMin === null ? '' : String(b.qfMin),
      qfMax: b.qfMax === null ? '' : String(b.qfMax),
      price: toEuros(b.unitPriceCents),
    })),
  );
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const draft = JSON.stringify({ fallback, bands });
  const [saved, setSaved] = useState(draft);
  useUnsavedChanges(draft !== saved);
  const save = async () => {
    setError('');
    setFields({});
    setMessage('');
    const defaultPriceCents = parseEuros(fallback);
    const parsed = bands.map((b) => ({ qfMin: toQf(b.qfMin), qfMax: toQf(b.qfMax), unitPriceCents: parseEuros(b.price) }));
    if (
      Number.isNaN(defaultPriceCents) ||
      parsed.some((b) => Number.isNaN(b.unitPriceCents) || Number.isNaN(b.qfMin ?? 0) || Number.isNaN(b.qfMax ?? 0))
    ) {
      setError('Prix en euros (par exemple 3,45) et QF en nombres entiers.');
      return;
    }
    try {
      await callStaffApi('tariffs.save', {
        serviceId: tariff.serviceId,
        schoolYearId: tariff.schoolYearId,
        defaultPriceCents,
        bands: parsed,
      });
      setSaved(draft);
      setMessage('Tarif enregistré : il s’applique aux prochaines facturations.');
    } catch (e) {
      setError(errorMessage(e));
      setFields(fieldErrors(e)); // the band at fault is marked where it is typed
    }
  };
  const setBand = (i: number, patch: Partial<BandDraft>) => setBands(bands.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {tariff.service}
        </Typography>
        {error ? (
          <Alert severity="error" role="alert" sx={{ mb: 1 }}>
            {error}
          </Alert>
        ) : null}
        {message ? (
          <Alert severity="success" sx={{ mb: 1 }}>
            {message}
          </Alert>
        ) : null}
        <Stack sx={{ gap: 1 }}>
          <TextField
            size="small"
            label="Prix si QF inconnu (€)"
            value={fallback}
            onChange={(e) => setFallback(e.target.value)}
            disabled={!canEdit}
            sx={{ maxWidth: 220 }}
          />
          {bands.map((b, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: every field is controlled by its band’s value, so removing a band cannot show another band’s values.
            <Stack key={i} direction="row" sx={{ gap: 1, alignItems: 'center' }}>
              <TextField
                size="small"
                label={`Tranche ${i + 1} : QF de`}
                value={b.qfMin}
                onChange={(e) => setBand(i, { qfMin: e.target.value })}
                error={Boolean(fields[`bands.${i}.qfMin`])}
                slotProps={{ htmlInput: { 'aria-invalid': Boolean(fields[`bands.${i}.qfMin`]) } }}
                disabled={!canEdit}
                sx={{ width: 160 }}
              />
              <TextField
                size="small"
                label="à (vide : sans limite)"
                value={b.qfMax}
                onChange={(e) => setBand(i, { qfMax: e.target.value })}
                error={Boolean(fields[`bands.${i}.qfMax`])}
                slotProps={{ htmlInput: { 'aria-invalid': Boolean(fields[`bands.${i}.qfMax`]) } }}
                disabled={!canEdit}
                sx={{ width: 180 }}
              />
              <TextField
                size="small"
                label="Prix (€)"
                value={b.price}
                onChange={(e) => setBand(i, { price: e.target.value })}
                disabled={!canEdit}
                sx={{ width: 120 }}
              />
              {canEdit ? (
                <IconButton aria-label={`Supprimer la tranche ${i + 1}`} onClick={() => setBands(bands.filter((_, j) => j !== i))}>
                  ✕
                </IconButton>
              ) : null}
            </Stack>
          ))}
          {canEdit ? (
            <Stack direction="row" sx={{ gap: 1 }}>
              <Button onClick={() => setBands([...bands, { qfMin: '', qfMax: '', price: '' }])}>Ajouter une tranche</Button>
              <Button variant="contained" onClick={save}>
                Enregistrer
              </Button>
            </Stack>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}

/** « Tarifs »: each service's price for a school year, by quotient familial. */
export function TariffsScreen({ user }: { user: StaffUserView }) {
  const [year, setYear] = useState<number | undefined>(undefined);
  const [view, setView] = useState<TariffsView | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    callStaffApi('tariffs.list', { schoolYearId: year }).then(setView, (e) => setError(errorMessage(e)));
  }, [year]);
  return (
    <Box>
      <Stack direction="row" sx={{ mb: 2, gap: 2, alignItems: 'center' }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Tarifs
        </Typography>
        {view ? (
          <TextField
            select
            size="small"
            label="Année scolaire"
            value={view.schoolYearId ?? ''}
            onChange={(e) => setYear(Number(e.target.value))}
            sx={{ minWidth: 180 }}
          >
            {view.schoolYears.map((y) => (
              <MenuItem key={y.id} value={y.id}>
                {y.label}
              </MenuItem>
            ))}
          </TextField>
        ) : null}
      </Stack>
      {user.role !== 'admin' ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          Seul un administrateur modifie les tarifs.
        </Alert>
      ) : null}
      {error ? (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      ) : null}
      {view?.tariffs.map((t) => (
        <TariffCard key={`${t.schoolYearId}-${t.serviceId}`} tariff={t} canEdit={user.role === 'admin'} />
      ))}
    </Box>
  );
}
