import { Checkbox, Chip, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import type { RequestDay } from '../../../shared/contracts/requests';
import { formatLongFrenchDate } from '../../../shared/domain/french-dates';

/** « 1 place sur 40 », « Complet (40 places) »: what the agent reads before accepting a day. */
function placesLabel(day: RequestDay): string {
  if (day.placesLeft === null || day.capacity === null) return 'Sans limite';
  const places = (n: number) => `${n} place${n > 1 ? 's' : ''}`;
  if (day.placesLeft <= 0) return `Complet (${places(day.capacity)})`;
  return `${places(day.placesLeft)} sur ${day.capacity}`;
}

/**
 * The days of a booking request. For a reservation still to decide, each day can be kept or not
 * (a full day starts unticked), with the places left on it; once decided, the days refused are said.
 */
export function RequestDaysTable(props: {
  days: RequestDay[];
  /** choose: a reservation to decide day by day; decided: an accepted request, each day's outcome; list: the days only. */
  mode: 'choose' | 'decided' | 'list';
  kept: Set<string>;
  onToggle: (date: string) => void;
}) {
  const { days, kept } = props;
  const choosing = props.mode === 'choose';
  const decided = props.mode === 'decided';
  const counted = days.some((d) => d.capacity !== null);
  return (
    <Table size="small" aria-label="Jours demandés" sx={{ my: 2 }}>
      <TableHead>
        <TableRow>
          {choosing ? <TableCell padding="checkbox">Accepter</TableCell> : null}
          <TableCell>Jour</TableCell>
          {counted ? <TableCell>Places restantes</TableCell> : null}
          {decided ? <TableCell>Décision</TableCell> : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {days.map((day) => {
          const label = formatLongFrenchDate(day.date);
          return (
            <TableRow key={day.date}>
              {choosing ? (
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={kept.has(day.date)}
                    onChange={() => props.onToggle(day.date)}
                    slotProps={{ input: { 'aria-label': `Accepter le ${label}` } }}
                  />
                </TableCell>
              ) : null}
              <TableCell>{label}</TableCell>
              {counted ? (
                <TableCell>
                  {day.closed ? <Chip color="warning" size="small" label="Fermé (fermeture ajoutée depuis)" sx={{ mr: 1 }} /> : null}
                  {day.placesLeft !== null && day.placesLeft <= 0 ? (
                    <Chip color="warning" size="small" label={placesLabel(day)} />
                  ) : (
                    placesLabel(day)
                  )}
                </TableCell>
              ) : null}
              {decided ? <TableCell>{day.refused ? 'Refusé' : 'Accepté'}</TableCell> : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
