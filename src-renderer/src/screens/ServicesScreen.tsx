import { useEffect, useState } from 'react';
import { useUnsavedChanges } from '../unsaved-changes';
import { ConfirmDialog } from '../components/ConfirmDialog';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  Grid,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { ClosureImpact, ClosureView, HolidayView, ServiceSettings } from '../../../shared/contracts/services';
import { ClosureImpactText } from '../components/ClosureImpactText';
import type { StaffUserView } from '../../../shared/contracts/staff';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';

const WEEKDAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

function DeadlineFields({
  prefix,
  title,
  value,
  onChange,
  errors,
}: {
  prefix: 'reservation' | 'cancellation';
  title: string;
  value: ServiceSettings;
  onChange: (v: ServiceSettings) => void;
  errors: Record<string, string>;
}) {
  const kind = value[`${prefix}Kind`];
  const set = (patch: Partial<ServiceSettings>) => onChange({ ...value, ...patch });
  return (
    <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}>
      <Typography sx={{ minWidth: 140, pt: 1 }}>{title}</Typography>
      <TextField
        select
        size="small"
        label="Règle"
        value={kind}
        onChange={(e) => set({ [`${prefix}Kind`]: e.target.value } as never)}
        sx={{ minWidth: 220 }}
      >
        <MenuItem value="days_before">J-x à une heure</MenuItem>
        <MenuItem value="weekday_previous_week">Un jour de la semaine précédente</MenuItem>
      </TextField>
      {kind === 'days_before' ? (
        <TextField
          size="small"
          type="number"
          label="Jours avant (J-x)"
          value={value[`${prefix}DaysBefore`]}
          onChange={(e) => set({ [`${prefix}DaysBefore`]: Number(e.target.value) } as never)}
          sx={{ width: 150 }}
          error={Boolean(errors[`${prefix}DaysBefore`])}
          helperText={errors[`${prefix}DaysBefore`]}
        />
      ) : (
        <TextField
          select
          size="small"
          label="Jour"
          value={value[`${prefix}Weekday`] ?? 3}
          onChange={(e) => set({ [`${prefix}Weekday`]: Number(e.target.value) } as never)}
          sx={{ width: 150 }}
        >
          {[1, 2, 3, 4, 5].map((d) => (
            <MenuItem key={d} value={d}>
              {WEEKDAY_NAMES[d]}
            </MenuItem>
          ))}
        </TextField>
      )}
      <TextField
        size="small"
        label="Heure"
        value={value[`${prefix}Time`]}
        onChange={(e) => set({ [`${prefix}Time`]: e.target.value } as never)}
        sx={{ width: 110 }}
        error={Boolean(errors[`${prefix}Time`])}
        helperText={errors[`${prefix}Time`]}
      />
    </Stack>
  );
}

function ServiceCard({
  initial,
  canEdit,
  onSaved,
}: {
  initial: ServiceSettings;
  canEdit: boolean;
  onSaved: (list: ServiceSettings[]) => void;
}) {
  const [value, setValue] = useState(initial);
  // Typed as agents write it (« 1,5 »), kept as typed until saved.
  const [hours, setHours] = useState(initial.minutesPerDay == null ? '' : String(initial.minutesPerDay / 60).replace('.', ','));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const draft = JSON.stringify({ value, hours });
  const [saved, setSaved] = useState(draft);
  useUnsavedChanges(draft !== saved);
  const save = async () => {
    setErrors({});
    setError('');
    setMessage('');
    const { label: _label, ...settings } = value;
    const typedHours = hours.trim().replace(',', '.');
    if (typedHours !== '' && !/^\d{1,2}(\.\d{1,2})?$/.test(typedHours)) {
      setErrors({ minutesPerDay: 'Durée en heures attendue, par exemple 1,5.' });
      return;
    }
    const minutesPerDay = typedHours === '' ? null : Math.round(Number(typedHours) * 60);
    try {
      onSaved(await callStaffApi('services.updateSettings', { ...settings, minutesPerDay }));
      setSaved(draft);
      setMessage('Enregistré.');
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    }
  };
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {value.label}
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
        <Stack sx={{ gap: 1.5 }}>
          <Stack direction="row" sx={{ gap: 2, flexWrap: 'wrap' }}>
            <TextField
              size="small"
              type="number"
              label="Capacité par jour"
              value={value.capacityPerDay ?? ''}
              onChange={(e) => setValue({ ...value, capacityPerDay: e.target.value === '' ? null : Number(e.target.value) })}
              error={Boolean(errors.capacityPerDay)}
              helperText={errors.capacityPerDay ?? 'Vide : sans limite'}
            />
            <TextField
              size="small"
              label="Durée d’une journée (heures)"
              name="hoursPerDay"
              value={hours}
              onChange={(e) => setHours(e.target.value)}
              error={Boolean(errors.minutesPerDay)}
              helperText={errors.minutesPerDay ?? 'Pour les heures des statistiques, par exemple 1,5'}
              slotProps={{ htmlInput: { inputMode: 'decimal', maxLength: 5 } }}
            />
            <TextField
              select
              size="small"
              label="Validation des demandes"
              value={value.validationMode}
              onChange={(e) => setValue({ ...value, validationMode: e.target.value as ServiceSettings['validationMode'] })}
              sx={{ minWidth: 240 }}
            >
              <MenuItem value="automatic">Automatique</MenuItem>
              <MenuItem value="agent">Par un agent</MenuItem>
            </TextField>
            <FormControlLabel
              control={
                <Checkbox
                  checked={value.billLateCancellation}
                  onChange={(e) => setValue({ ...value, billLateCancellation: e.target.checked })}
                />
              }
              label="Annulation hors délai facturée"
            />
            <FormControlLabel
              control={
                <Checkbox checked={value.businessDaysOnly} onChange={(e) => setValue({ ...value, businessDaysOnly: e.target.checked })} />
              }
              label="Compter les jours ouvrés seulement"
            />
          </Stack>
          <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
            <Typography sx={{ minWidth: 140 }}>Fonctionne</Typography>
            <FormControlLabel
              control={
                <Checkbox checked={value.runsSchoolDays} onChange={(e) => setValue({ ...value, runsSchoolDays: e.target.checked })} />
              }
              label="jours d’école"
            />
            <FormControlLabel
              control={
                <Checkbox checked={value.runsWednesdays} onChange={(e) => setValue({ ...value, runsWednesdays: e.target.checked })} />
              }
              label="mercredis"
            />
            <FormControlLabel
              control={<Checkbox checked={value.runsHolidays} onChange={(e) => setValue({ ...value, runsHolidays: e.target.checked })} />}
              label="vacances"
            />
            {[1, 2, 3, 4, 5, 6].map((d) => (
              <FormControlLabel
                key={d}
                label={WEEKDAY_NAMES[d]}
                control={
                  <Checkbox
                    checked={value.weekdays.includes(d)}
                    onChange={(e) =>
                      setValue({ ...value, weekdays: e.target.checked ? [...value.weekdays, d] : value.weekdays.filter((x) => x !== d) })
                    }
                  />
                }
              />
            ))}
            {errors.weekdays ? (
              <Typography color="error" variant="body2">
                {errors.weekdays}
              </Typography>
            ) : null}
          </Stack>
          <DeadlineFields prefix="reservation" title="Réservation" value={value} onChange={setValue} errors={errors} />
          <DeadlineFields prefix="cancellation" title="Annulation" value={value} onChange={setValue} errors={errors} />
          {canEdit ? (
            <div>
              <Button variant="outlined" onClick={save}>
                Enregistrer
              </Button>
            </div>
          ) : (
            <Typography variant="body2" color="text.secondary">
              Modification réservée aux administrateurs.
            </Typography>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}

function Closures({ services }: { services: ServiceSettings[] }) {
  const [closures, setClosures] = useState<ClosureView[]>([]);
  const [removing, setRemoving] = useState<ClosureView | null>(null);
  const [draft, setDraft] = useState({ startsOn: '', endsOn: '', reason: '' });
  /** « all », « structure:<id> » or « service:<id> ». */
  const [scope, setScope] = useState('all');
  const [structures, setStructures] = useState<Array<{ id: number; name: string }>>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  // Before adding: the bookings the closure would cancel, and whether to tell those families.
  const [impact, setImpact] = useState<ClosureImpact | null>(null);
  const [tellFamilies, setTellFamilies] = useState(true);
  useEffect(() => {
    callStaffApi('closures.list', {}).then(setClosures, (e) => setError(errorMessage(e)));
    callStaffApi('structures.list', {}).then(setStructures, () => undefined);
  }, []);
  const target = () => ({
    structureId: scope.startsWith('structure:') ? Number(scope.slice(10)) : null,
    serviceId: scope.startsWith('service:') ? Number(scope.slice(8)) : null,
  });
  const run = async (action: () => Promise<ClosureView[]>) => {
    setErrors({});
    setError('');
    setDone('');
    try {
      setClosures(await action());
      return true;
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
      return false;
    }
  };
  const days = { startsOn: draft.startsOn, endsOn: draft.endsOn };
  const preview = async () => {
    setErrors({});
    setError('');
    setDone('');
    try {
      setImpact(await callStaffApi('closures.preview', { ...target(), ...days }));
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    }
  };
  const add = async () => {
    setImpact(null);
    const added = await run(async () => {
      const result = await callStaffApi('closures.add', { ...target(), ...draft, tellFamilies });
      setDone(
        `Fermeture ajoutée : ${result.cancelledDays} jour(s) réservé(s) annulé(s)${result.familiesTold ? `, ${result.familiesTold} famille(s) prévenue(s)` : ''}.`,
      );
      return result.closures;
    });
    if (added) setDraft({ startsOn: '', endsOn: '', reason: '' });
  };
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Fermetures
        </Typography>
        {error ? (
          <Alert severity="error" role="alert" sx={{ mb: 1 }}>
            {error}
          </Alert>
        ) : null}
        {done ? (
          <Alert severity="success" sx={{ mb: 1 }} onClose={() => setDone('')}>
            {done}
          </Alert>
        ) : null}
        {closures.length > 0 ? (
          // A phone scrolls the table sideways rather than cutting off « Supprimer ».
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Fermetures à venir">
              <TableHead>
                <TableRow>
                  <TableCell>Concerne</TableCell>
                  <TableCell>Du</TableCell>
                  <TableCell>Au</TableCell>
                  <TableCell>Motif</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {closures.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell>{c.scope}</TableCell>
                    <TableCell>{c.startsOn.split('-').reverse().join('/')}</TableCell>
                    <TableCell>{c.endsOn.split('-').reverse().join('/')}</TableCell>
                    <TableCell>{c.reason}</TableCell>
                    <TableCell>
                      <Button
                        size="small"
                        onClick={() => setRemoving(c)}
                        aria-label={`Supprimer la fermeture du ${c.startsOn.split('-').reverse().join('/')}`}
                      >
                        Supprimer
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        ) : (
          <Typography color="text.secondary">Aucune fermeture à venir.</Typography>
        )}
        <Grid container spacing={2} sx={{ mt: 1 }}>
          <Grid size={{ xs: 12 }}>
            <TextField
              select
              size="small"
              label="Concerne"
              value={scope}
              onChange={(e) => setScope(e.target.value)}
              sx={{ minWidth: { xs: '100%', sm: 320 } }}
            >
              <MenuItem value="all">Toutes les structures</MenuItem>
              {structures.map((s) => (
                <MenuItem key={`st-${s.id}`} value={`structure:${s.id}`}>
                  {s.name}
                </MenuItem>
              ))}
              {services.map((s) => (
                <MenuItem key={`sv-${s.id}`} value={`service:${s.id}`}>
                  {s.label}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid size={{ xs: 12, sm: 3 }}>
            <TextField
              size="small"
              fullWidth
              type="date"
              label="Du"
              value={draft.startsOn}
              onChange={(e) => setDraft({ ...draft, startsOn: e.target.value })}
              slotProps={{ inputLabel: { shrink: true } }}
              error={Boolean(errors.startsOn)}
              helperText={errors.startsOn}
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 3 }}>
            <TextField
              size="small"
              fullWidth
              type="date"
              label="Au"
              value={draft.endsOn}
              onChange={(e) => setDraft({ ...draft, endsOn: e.target.value })}
              slotProps={{ inputLabel: { shrink: true } }}
              error={Boolean(errors.endsOn)}
              helperText={errors.endsOn}
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 4 }}>
            <TextField
              size="small"
              fullWidth
              label="Motif"
              value={draft.reason}
              onChange={(e) => setDraft({ ...draft, reason: e.target.value })}
            />
          </Grid>
          <Grid size={{ xs: 12, sm: 2 }}>
            <Button variant="outlined" onClick={preview}>
              Fermer ces jours
            </Button>
          </Grid>
        </Grid>
      </CardContent>
      {impact ? (
        <ConfirmDialog
          title="Ajouter cette fermeture ?"
          confirmLabel="Ajouter la fermeture"
          onCancel={() => setImpact(null)}
          onConfirm={add}
        >
          <ClosureImpactText impact={impact} tellFamilies={tellFamilies} onTellFamilies={setTellFamilies} />
        </ConfirmDialog>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title="Supprimer cette fermeture ?"
          confirmLabel="Supprimer la fermeture"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const { id } = removing;
            setRemoving(null);
            run(() => callStaffApi('closures.remove', { id }));
          }}
        >
          {removing.scope}, du {removing.startsOn.split('-').reverse().join('/')} au {removing.endsOn.split('-').reverse().join('/')}
          {removing.reason ? ` (${removing.reason})` : ''} : ces jours redeviennent ouverts aux réservations, et les jours réservés qu’elle
          avait annulés sont rendus aux familles (sauf ceux modifiés depuis).
        </ConfirmDialog>
      ) : null}
    </Card>
  );
}

function HolidayRow({ holiday, canEdit, onSaved }: { holiday: HolidayView; canEdit: boolean; onSaved: (list: HolidayView[]) => void }) {
  const [startsOn, setStartsOn] = useState(holiday.startsOn);
  const [endsOn, setEndsOn] = useState(holiday.endsOn);
  const [error, setError] = useState('');
  const save = async () => {
    setError('');
    try {
      onSaved(await callStaffApi('calendar.updateHoliday', { id: holiday.id, startsOn, endsOn }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <TableRow>
      <TableCell>{holiday.schoolYear}</TableCell>
      <TableCell>
        {holiday.name} ({holiday.kind})
      </TableCell>
      <TableCell>
        <TextField
          size="small"
          type="date"
          label="Du"
          value={startsOn}
          onChange={(e) => setStartsOn(e.target.value)}
          disabled={!canEdit}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      </TableCell>
      <TableCell>
        <TextField
          size="small"
          type="date"
          label="Au"
          value={endsOn}
          onChange={(e) => setEndsOn(e.target.value)}
          disabled={!canEdit}
          slotProps={{ inputLabel: { shrink: true } }}
          error={Boolean(error)}
          helperText={error || undefined}
        />
      </TableCell>
      <TableCell>
        {canEdit ? (
          <Button size="small" onClick={save} disabled={startsOn === holiday.startsOn && endsOn === holiday.endsOn}>
            Enregistrer
          </Button>
        ) : null}
      </TableCell>
    </TableRow>
  );
}

function Holidays({ canEdit }: { canEdit: boolean }) {
  const [holidays, setHolidays] = useState<HolidayView[]>([]);
  useEffect(() => {
    callStaffApi('calendar.holidays', {}).then(setHolidays, () => undefined);
  }, []);
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Vacances scolaires de la zone
        </Typography>
        <Table size="small" aria-label="Vacances scolaires">
          <TableHead>
            <TableRow>
              <TableCell>Année</TableCell>
              <TableCell>Période</TableCell>
              <TableCell>Début</TableCell>
              <TableCell>Fin</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {holidays.map((h) => (
              <HolidayRow key={`${h.id}-${h.startsOn}-${h.endsOn}`} holiday={h} canEdit={canEdit} onSaved={setHolidays} />
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

/** Services (capacity, validation, deadlines) and closures. */
export function ServicesScreen({ user }: { user: StaffUserView }) {
  const [services, setServices] = useState<ServiceSettings[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    callStaffApi('services.settings', {}).then(setServices, (e) => setError(errorMessage(e)));
  }, []);
  return (
    <Box>
      <Typography variant="h5" component="h1" gutterBottom>
        Prestations et calendrier
      </Typography>
      {error ? (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      ) : null}
      <Stack sx={{ gap: 2 }}>
        <Closures services={services ?? []} />
        <Holidays canEdit={user.role === 'admin'} />
        {services?.map((s) => (
          <ServiceCard key={s.id} initial={s} canEdit={user.role === 'admin'} onSaved={setServices} />
        ))}
      </Stack>
    </Box>
  );
}
