import type { ReactNode } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import {
  Card,
  CardActions,
  CardContent,
  Grid,
  Link,
  List,
  ListItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { DashboardDay, StaffDashboard } from '../../../shared/contracts/dashboard';
import { formatLongFrenchDate } from '../../../shared/domain/french-dates';
import { callStaffApi } from '../api-client';
import { euros, shortDate } from '../billing/pdf-download';
import { useLoaded } from '../use-loaded';

const EMPTY: StaffDashboard | null = null;

function Panel({ title, link, children }: { title: string; link?: { href: string; label: string }; children: ReactNode }) {
  return (
    <Card variant="outlined" sx={{ height: '100%', display: 'flex', flexDirection: 'column' }}>
      <CardContent sx={{ flexGrow: 1 }}>
        <Typography variant="h6" component="h2" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
      {link ? (
        <CardActions>
          <Link href={link.href}>{link.label}</Link>
        </CardActions>
      ) : null}
    </Card>
  );
}

function DayPanel({ day, label }: { day: DashboardDay; label: string }) {
  return (
    <Panel title={`${label} — ${formatLongFrenchDate(day.date)}`} link={{ href: '#/pointage', label: 'Ouvrir le pointage' }}>
      <Typography sx={{ mb: 1 }}>
        Repas à commander : <strong>{day.mealsToOrder}</strong>
      </Typography>
      {day.services.length ? (
        <Table size="small" aria-label={`Enfants attendus, ${label.toLowerCase()}`}>
          <TableHead>
            <TableRow>
              <TableCell component="th">Prestation</TableCell>
              <TableCell component="th" align="right">
                Attendus
              </TableCell>
              <TableCell component="th" align="right">
                Absences déclarées
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {day.services.map((s) => (
              <TableRow key={s.serviceId}>
                <TableCell component="th" scope="row">
                  {s.structure} — {s.service}
                  {s.closed ? ' (fermé)' : ''}
                </TableCell>
                <TableCell align="right">
                  {s.expected}
                  {s.capacity ? ` / ${s.capacity}` : ''}
                </TableCell>
                <TableCell align="right">{s.absences}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography>Aucun enfant attendu.</Typography>
      )}
    </Panel>
  );
}

/**
 * « Tableau de bord », the screen after login: the day and the next one per service, then what
 * waits for the agent — requests, messages, overdue invoices, full days, quotients to renew —
 * each with a link to its screen.
 */
export function DashboardScreen() {
  const { data: board, error } = useLoaded(() => callStaffApi('dashboard.get', {}), EMPTY, []);
  return (
    <>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        Tableau de bord
      </Typography>
      <ErrorAlert error={error} />
      {board ? (
        <Grid container spacing={2}>
          {board.days.map((day, index) => (
            <Grid key={day.date} size={{ xs: 12, md: 6 }}>
              <DayPanel day={day} label={index === 0 ? "Aujourd'hui" : 'Prochain jour ouvré'} />
            </Grid>
          ))}
          <Grid size={{ xs: 12, md: 6, lg: 4 }}>
            <Panel title="Demandes en attente" link={{ href: '#/demandes', label: 'Traiter la file d’attente' }}>
              <Typography>
                <strong>{board.pendingRequests.count}</strong> demande(s) à traiter
                {board.pendingRequests.count ? ', les plus anciennes :' : '.'}
              </Typography>
              <List dense>
                {board.pendingRequests.oldest.map((r) => (
                  <ListItem key={r.id} disableGutters sx={{ display: 'block' }}>
                    {shortDate(r.createdAt.slice(0, 10))} — {r.category}
                    {r.childName ? ` (${r.childName})` : ''} — <Link href={`#/familles/${r.familyId}`}>{r.familyName}</Link>
                  </ListItem>
                ))}
              </List>
            </Panel>
          </Grid>
          <Grid size={{ xs: 12, md: 6, lg: 4 }}>
            <Panel title="Messages non lus" link={{ href: '#/messages', label: 'Lire les messages' }}>
              <Typography>
                <strong>{board.unreadMessages.count}</strong> message(s) de familles non lu(s).
              </Typography>
              <List dense>
                {board.unreadMessages.byStructure.map((s) => (
                  <ListItem key={s.structure} disableGutters>
                    {s.structure} : {s.unread}
                  </ListItem>
                ))}
              </List>
            </Panel>
          </Grid>
          <Grid size={{ xs: 12, md: 6, lg: 4 }}>
            <Panel title="Factures en retard" link={{ href: '#/impayes', label: 'Voir les impayés' }}>
              <Typography>
                <strong>{board.overdueInvoices.count}</strong> facture(s) échue(s) non réglée(s), pour{' '}
                <strong>{euros(board.overdueInvoices.remainingCents)}</strong>.
              </Typography>
            </Panel>
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <Panel title="Journées presque complètes (15 jours)" link={{ href: '#/capacite', label: 'Voir la capacité' }}>
              {board.nearCapacity.length ? (
                <List dense>
                  {board.nearCapacity.map((d) => (
                    <ListItem key={`${d.serviceId}-${d.date}`} disableGutters>
                      {shortDate(d.date)} — {d.service} : {d.booked} / {d.capacity} places
                    </ListItem>
                  ))}
                </List>
              ) : (
                <Typography>Aucune journée à 90 % de ses places ou plus.</Typography>
              )}
            </Panel>
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <Panel title="Quotients familiaux à renouveler (un mois)">
              <Typography>
                <strong>{board.quotientsExpiring.count}</strong> quotient(s) CAF arrivent à échéance.
              </Typography>
              <List dense>
                {board.quotientsExpiring.families.map((f) => (
                  <ListItem key={f.familyId} disableGutters sx={{ display: 'block' }}>
                    {shortDate(f.validTo)} — <Link href={`#/familles/${f.familyId}`}>{f.familyName}</Link>
                  </ListItem>
                ))}
              </List>
            </Panel>
          </Grid>
        </Grid>
      ) : null}
    </>
  );
}
