import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  List,
  ListItem,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import type { ChildSummary } from '../../../shared/contracts/families';
import { AGENT_BOOKING_ACTIONS, type AgentBookingOutcome, type AgentChildMonth } from '../../../shared/contracts/planning';
import { ABSENCE_REASONS } from '../../../shared/domain/labels';
import { PLANNING_STATES, type PlanningState } from '../../../shared/domain/planning-legend';
import { formatShortFrenchDate as frenchDate, monthName } from '../../../shared/domain/french-dates';
import { ofName } from '../../../shared/domain/french-grammar';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { useLoaded } from '../use-loaded';
import { serverToday } from '../server-clock';
import { ErrorAlert } from './ErrorAlert';

type Action = (typeof AGENT_BOOKING_ACTIONS)[number];

const ACTION_LABELS: Record<Action, string> = {
  reserve: 'Réserver',
  cancel: 'Annuler la réservation',
  absence: 'Déclarer une absence',
};

const OUTCOME_SEVERITY = { accepted: 'success', pending: 'info', waiting_list: 'warning', refused: 'error' } as const;

const stateLabel = (state: string | null) => (state ? (PLANNING_STATES[state as PlanningState]?.label ?? state) : 'Libre');
const stateCode = (state: string | null) => (state ? (PLANNING_STATES[state as PlanningState]?.code ?? '?') : '');
const keyOf = (serviceId: number, date: string) => `${serviceId}|${date}`;
const formatFrenchMonth = (month: string) => `${monthName(Number(month.slice(5)))} ${month.slice(0, 4)}`;
/** Read by screen readers, not shown: a day's state for a day that cannot be ticked. */
const SCREEN_READER_ONLY = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' } as const;

/**
 * A child's month for the agent a family phones: the parent's planning, the days ticked, then
 * « Réserver », « Annuler » or « Absence » with the portal's rules. A deadline passed or a full day
 * is passed only with « Motif de la dérogation », which the audit log keeps with each day.
 */
export function ChildPlanningDialog({ familyId, child, onClose }: { familyId: number; child: ChildSummary; onClose: () => void }) {
  const [month, setMonth] = useState(() => serverToday().slice(0, 7));
  const [reload, setReload] = useState(0);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<Action>('reserve');
  const [motif, setMotif] = useState('');
  const [details, setDetails] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [outcomes, setOutcomes] = useState<AgentBookingOutcome[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const loaded = useLoaded<AgentChildMonth | null>(
    () => callStaffApi('planning.childMonth', { familyId, childId: child.id, month }),
    null,
    [familyId, child.id, month, reload],
  );
  const planning = loaded.data;
  const childName = `${child.firstName} ${child.lastName}`;

  const toggle = (key: string) =>
    setTicked((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError('');
    setErrors({});
    const selections = [...ticked].map((key) => {
      const [serviceId, date] = key.split('|');
      return { serviceId: Number(serviceId), date: date! };
    });
    setSaving(true);
    try {
      const answer = await callStaffApi('planning.book', {
        familyId,
        childId: child.id,
        action,
        selections,
        motif: action === 'absence' && motif ? (motif as (typeof ABSENCE_REASONS)[number]) : null,
        details: action === 'absence' ? details : '',
        overrideReason,
      });
      setOutcomes(answer);
      // Days the rules refused stay ticked, so that the agent can add a reason and try again.
      const refused = new Set(answer.filter((o) => o.result === 'refused').map((o) => o.date));
      setTicked((current) => new Set([...current].filter((key) => refused.has(key.split('|')[1]!))));
      // A reason given for these days is never carried over to the next ones unseen: it is typed again.
      setOverrideReason('');
      setReload((n) => n + 1);
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog open onClose={onClose} maxWidth="xl" fullWidth aria-labelledby="child-planning-title">
      <DialogTitle id="child-planning-title">Planning {ofName(childName)}</DialogTitle>
      <DialogContent>
        <Stack direction="row" sx={{ alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
          <Button onClick={() => planning && setMonth(planning.previousMonth)} disabled={!planning}>
            Mois précédent
          </Button>
          <Typography component="h3" variant="h6" aria-live="polite">
            {formatFrenchMonth(month)}
          </Typography>
          <Button onClick={() => planning && setMonth(planning.nextMonth)} disabled={!planning}>
            Mois suivant
          </Button>
        </Stack>
        <ErrorAlert error={loaded.error} />
        {planning && planning.rows.length === 0 ? (
          <Typography>{child.firstName} n’est inscrit(e) à aucune prestation ce mois-ci.</Typography>
        ) : null}
        {planning && planning.rows.length > 0 ? (
          <Box sx={{ overflowX: 'auto', mb: 2 }}>
            <Box component="table" sx={{ borderCollapse: 'collapse', fontSize: 13, '& th, & td': { border: '1px solid #bbb', p: 0 } }}>
              <caption style={{ textAlign: 'left', captionSide: 'top', paddingBottom: 4 }}>
                {`Planning ${ofName(childName)}, ${formatFrenchMonth(month)} : cochez les jours à traiter`}
              </caption>
              <thead>
                <tr>
                  <Box component="th" scope="col" sx={{ px: 1, textAlign: 'left' }}>
                    Prestation
                  </Box>
                  {planning.days.map((d) => (
                    <Box component="th" scope="col" key={d.date} sx={{ minWidth: 34, bgcolor: d.weekend ? '#eee' : undefined }}>
                      {d.header}
                    </Box>
                  ))}
                </tr>
              </thead>
              <tbody>
                {planning.rows.map((row) => (
                  <tr key={row.serviceId}>
                    <Box component="th" scope="row" sx={{ px: 1, textAlign: 'left', whiteSpace: 'nowrap' }}>
                      {row.service}
                    </Box>
                    {row.cells.map((cell) => {
                      const key = keyOf(row.serviceId, cell.date);
                      const label = `${row.service}, ${frenchDate(cell.date)} : ${stateLabel(cell.state)}`;
                      return (
                        <Box component="td" key={cell.date} sx={{ textAlign: 'center', bgcolor: ticked.has(key) ? '#cfe3ff' : undefined }}>
                          {cell.selectable ? (
                            <label style={{ display: 'block', cursor: 'pointer', padding: '2px 0' }}>
                              <input type="checkbox" checked={ticked.has(key)} onChange={() => toggle(key)} aria-label={label} />
                              <span aria-hidden="true" style={{ display: 'block' }}>
                                {stateCode(cell.state) || cell.mark || '\u00a0'}
                              </span>
                            </label>
                          ) : (
                            <span title={label}>
                              <span aria-hidden="true">{stateCode(cell.state) || cell.mark || ''}</span>
                              <span style={SCREEN_READER_ONLY}>{label}</span>
                            </span>
                          )}
                        </Box>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </Box>
          </Box>
        ) : null}
        {planning && planning.rows.length > 0 ? (
          <Typography variant="body2" sx={{ mb: 2 }}>
            {`Légende : ${Object.values(PLANNING_STATES)
              .map((s) => `${s.code} ${s.label}`)
              .join(' · ')} · P Petites vacances · G Grandes vacances · F Jour férié`}
          </Typography>
        ) : null}
        <Box component="form" id="agent-booking-form" onSubmit={submit} noValidate>
          <ErrorAlert error={error} />
          <RadioGroup
            row
            value={action}
            onChange={(e) => {
              setAction(e.target.value as Action);
              setOverrideReason(''); // a reason given to book does not excuse absences
            }}
            aria-label="Que faire des jours cochés ?"
          >
            {AGENT_BOOKING_ACTIONS.map((a) => (
              <FormControlLabel key={a} value={a} control={<Radio />} label={ACTION_LABELS[a]} />
            ))}
          </RadioGroup>
          {action === 'absence' ? (
            <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ gap: 2, my: 1 }}>
              <TextField
                select
                name="motif"
                label="Raison de l’absence"
                value={motif}
                onChange={(e) => setMotif(e.target.value)}
                error={Boolean(errors.motif)}
                helperText={errors.motif}
                sx={{ minWidth: 260 }}
              >
                {ABSENCE_REASONS.map((r) => (
                  <MenuItem key={r} value={r}>
                    {r}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                name="details"
                label="Précisions"
                value={details}
                onChange={(e) => setDetails(e.target.value)}
                error={Boolean(errors.details)}
                helperText={errors.details}
                slotProps={{ htmlInput: { maxLength: 150 } }}
                fullWidth
              />
            </Stack>
          ) : null}
          <TextField
            name="overrideReason"
            label="Motif de la dérogation (délai dépassé ou jour complet)"
            value={overrideReason}
            onChange={(e) => setOverrideReason(e.target.value)}
            error={Boolean(errors.overrideReason)}
            helperText={errors.overrideReason ?? 'Laissez vide pour appliquer les règles du portail. Le motif est gardé au journal.'}
            slotProps={{ htmlInput: { maxLength: 300 } }}
            fullWidth
            sx={{ my: 1 }}
          />
        </Box>
        {outcomes.length > 0 ? (
          <List aria-label="Résultat" dense>
            {outcomes.map((o) => (
              <ListItem key={`${o.serviceName}|${o.date}`} disableGutters>
                <Alert severity={OUTCOME_SEVERITY[o.result]} sx={{ width: '100%' }}>
                  {o.serviceName}, {frenchDate(o.date)} : {o.message}
                </Alert>
              </ListItem>
            ))}
          </List>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button type="submit" form="agent-booking-form" variant="contained" disabled={saving || ticked.size === 0}>
          {`${ACTION_LABELS[action]} (${ticked.size} jour${ticked.size > 1 ? 's' : ''})`}
        </Button>
        <Button onClick={onClose}>Fermer</Button>
      </DialogActions>
    </Dialog>
  );
}
