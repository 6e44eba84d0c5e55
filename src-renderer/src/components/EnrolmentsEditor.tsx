import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
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
import type { EnrolmentView } from '../../../shared/contracts/enrolments';
import type { ServiceOption } from '../../../shared/contracts/attendance';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { serverToday } from '../server-clock';

const WEEKDAYS = [
  [1, 'Lundi'],
  [2, 'Mardi'],
  [3, 'Mercredi'],
  [4, 'Jeudi'],
  [5, 'Vendredi'],
] as const;
const short = (iso: string) => iso.split('-').reverse().join('/');

/** A child's enrolments; a new one with « Régulier » weekdays fills the planning. */
export function EnrolmentsEditor({ childId }: { childId: number }) {
  const [enrolments, setEnrolments] = useState<EnrolmentView[]>([]);
  const [services, setServices] = useState<ServiceOption[]>([]);
  const [serviceId, setServiceId] = useState<number | ''>('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [weekdays, setWeekdays] = useState<number[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');

  useEffect(() => {
    callStaffApi('enrolments.list', { id: childId }).then(setEnrolments, (e) => setError(errorMessage(e)));
    callStaffApi('services.options', {}).then(setServices, () => undefined);
  }, [childId]);

  const run = async (action: () => Promise<EnrolmentView[]>, done: string) => {
    setErrors({});
    setError('');
    setMessage('');
    try {
      setEnrolments(await action());
      setMessage(done);
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    }
  };

  return (
    <Stack sx={{ gap: 1 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        Inscriptions aux prestations
      </Typography>
      {error ? (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      ) : null}
      {message ? <Alert severity="success">{message}</Alert> : null}
      {enrolments.length > 0 ? (
        <Table size="small" aria-label="Inscriptions">
          <TableHead>
            <TableRow>
              <TableCell>Prestation</TableCell>
              <TableCell>Période</TableCell>
              <TableCell>Régulier</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {enrolments.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{e.serviceLabel}</TableCell>
                <TableCell>
                  du {short(e.startsOn)} au {short(e.endsOn)}
                </TableCell>
                <TableCell>{e.regularWeekdays.map((d) => WEEKDAYS.find((w) => w[0] === d)?.[1]).join(', ') || 'à la carte'}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    onClick={() =>
                      run(() => callStaffApi('enrolments.end', { id: e.id, endsOn: serverToday() }), 'Inscription arrêtée à aujourd’hui.')
                    }
                  >
                    Arrêter
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography color="text.secondary">Aucune inscription.</Typography>
      )}
      <Stack direction="row" sx={{ gap: 2, flexWrap: 'wrap', alignItems: 'flex-start', mt: 1 }}>
        <TextField
          select
          label="Prestation"
          value={serviceId}
          onChange={(e) => setServiceId(Number(e.target.value))}
          size="small"
          sx={{ minWidth: 280 }}
          error={Boolean(errors.serviceId)}
          helperText={errors.serviceId}
        >
          {services.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Du"
          type="date"
          size="small"
          value={startsOn}
          onChange={(e) => setStartsOn(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
          error={Boolean(errors.startsOn)}
          helperText={errors.startsOn}
        />
        <TextField
          label="Au"
          type="date"
          size="small"
          value={endsOn}
          onChange={(e) => setEndsOn(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
          error={Boolean(errors.endsOn)}
          helperText={errors.endsOn}
        />
      </Stack>
      <FormGroup row aria-label="Jours réguliers">
        {WEEKDAYS.map(([day, label]) => (
          <FormControlLabel
            key={day}
            label={label}
            control={
              <Checkbox
                checked={weekdays.includes(day)}
                onChange={(e) => setWeekdays(e.target.checked ? [...weekdays, day] : weekdays.filter((d) => d !== day))}
              />
            }
          />
        ))}
      </FormGroup>
      <div>
        <Button
          variant="outlined"
          disabled={serviceId === ''}
          onClick={() =>
            run(
              () =>
                callStaffApi('enrolments.create', { childId, serviceId: serviceId as number, startsOn, endsOn, regularWeekdays: weekdays }),
              'Inscription enregistrée ; les jours réguliers sont au planning.',
            )
          }
        >
          Inscrire
        </Button>
      </div>
    </Stack>
  );
}
