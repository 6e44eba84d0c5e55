import { useState } from 'react';
import { Box, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import type { ExportGrid } from '../../../shared/contracts/exports';
import type { StaffStatistics } from '../../../shared/contracts/statistics';
import { formatEuros } from '../../../shared/domain/money';
import { callStaffApi } from '../api-client';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExportButtons } from '../components/ExportButtons';
import { serverToday } from '../server-clock';
import { useLoaded } from '../use-loaded';
import { shiftMonth } from '../../../shared/domain/french-dates';

const number = (n: number | null) => (n == null ? '—' : n.toLocaleString('fr-FR'));

interface Column<R> {
  header: string;
  value: (row: R) => string;
  numeric?: boolean;
}

/** One statistics table: its caption, its columns, its rows, and its export (the same figures, as a file). */
function StatisticsTable<R>({
  title,
  grid,
  period,
  columns,
  rows,
  note,
}: {
  title: string;
  grid: ExportGrid;
  period: { from: string; to: string };
  columns: Column<R>[];
  rows: R[];
  note?: string;
}) {
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {title}
        </Typography>
        <ExportButtons request={{ grid, filter: period }} label={title} />
        {note ? (
          <Typography variant="body2" sx={{ mb: 1 }}>
            {note}
          </Typography>
        ) : null}
        {rows.length === 0 ? (
          <Typography>Aucune donnée sur la période.</Typography>
        ) : (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label={title}>
              <TableHead>
                <TableRow>
                  {columns.map((c) => (
                    <TableCell key={c.header} align={c.numeric ? 'right' : 'left'}>
                      {c.header}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((row, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the rows of a computed table have no identity of their own.
                  <TableRow key={index}>
                    {columns.map((c) => (
                      <TableCell key={c.header} align={c.numeric ? 'right' : 'left'}>
                        {c.value(row)}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

const HOURS_NOTE = 'Heures : journées × durée d’une journée de la prestation (écran Prestations) ; « — » quand elle n’est pas renseignée.';

/** « Statistiques »: what the commune and the CAF ask about a period, each table exportable. */
export function StatisticsScreen() {
  const [from, setFrom] = useState(() => shiftMonth(serverToday().slice(0, 7), -1));
  const [to, setTo] = useState(() => shiftMonth(serverToday().slice(0, 7), -1));
  const valid = /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to);
  const loaded = useLoaded<StaffStatistics | null>(
    () => (valid ? callStaffApi('statistics.get', { from, to }) : Promise.resolve(null)),
    null,
    [from, to],
  );
  const stats = loaded.data;
  const period = { from, to };
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        Statistiques
      </Typography>
      <Stack direction="row" sx={{ gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          label="Du mois"
          type="month"
          name="from"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          size="small"
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          label="Au mois"
          type="month"
          name="to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          size="small"
          slotProps={{ inputLabel: { shrink: true } }}
          helperText="12 mois au plus"
        />
      </Stack>
      <ErrorAlert error={loaded.error} />
      {loaded.loading ? (
        <Typography role="status" sx={{ mb: 2 }}>
          Calcul en cours…
        </Typography>
      ) : null}
      {stats ? (
        <>
          <StatisticsTable
            title="Présences par prestation et par mois"
            grid="statsAttendance"
            period={period}
            note={HOURS_NOTE}
            rows={stats.attendance}
            columns={[
              { header: 'Prestation', value: (r) => r.service },
              { header: 'Mois', value: (r) => r.month.split('-').reverse().join('/') },
              { header: 'Enfants', value: (r) => number(r.children), numeric: true },
              { header: 'Journées', value: (r) => number(r.days), numeric: true },
              { header: 'Heures', value: (r) => number(r.hours), numeric: true },
            ]}
          />
          <StatisticsTable
            title="Présences par tranche d’âge"
            grid="statsAge"
            period={period}
            note="L’âge est celui de l’enfant le jour de sa présence."
            rows={stats.byAge}
            columns={[
              { header: 'Prestation', value: (r) => r.service },
              { header: 'Tranche d’âge', value: (r) => r.band },
              { header: 'Enfants', value: (r) => number(r.children), numeric: true },
              { header: 'Journées', value: (r) => number(r.days), numeric: true },
              { header: 'Heures', value: (r) => number(r.hours), numeric: true },
            ]}
          />
          <StatisticsTable
            title="Présences par tranche de quotient familial"
            grid="statsQuotient"
            period={period}
            note="Les tranches sont celles de la grille tarifaire de la prestation ; le QF est celui de la CAF tant qu’il est valide, sinon celui de l’avis d’imposition."
            rows={stats.byQuotient}
            columns={[
              { header: 'Prestation', value: (r) => r.service },
              { header: 'Tranche de QF', value: (r) => r.band },
              { header: 'Enfants', value: (r) => number(r.children), numeric: true },
              { header: 'Journées', value: (r) => number(r.days), numeric: true },
              { header: 'Heures', value: (r) => number(r.hours), numeric: true },
            ]}
          />
          <StatisticsTable
            title="Présences par commune de résidence"
            grid="statsCommune"
            period={period}
            rows={stats.byCommune}
            columns={[
              { header: 'Commune de résidence', value: (r) => r.commune },
              { header: 'Journées', value: (r) => number(r.days), numeric: true },
              { header: 'Heures', value: (r) => number(r.hours), numeric: true },
            ]}
          />
          <StatisticsTable
            title="Taux d’occupation"
            grid="statsOccupancy"
            period={period}
            note="Places offertes : capacité × jours d’ouverture ; réservées : journées réservées ou régulières (une absence libère sa place)."
            rows={stats.occupancy}
            columns={[
              { header: 'Prestation', value: (r) => r.service },
              { header: 'Mois', value: (r) => r.month.split('-').reverse().join('/') },
              { header: 'Jours d’ouverture', value: (r) => number(r.openDays), numeric: true },
              { header: 'Places offertes', value: (r) => number(r.placesOffered), numeric: true },
              { header: 'Réservées', value: (r) => number(r.booked), numeric: true },
              { header: 'Présences', value: (r) => number(r.present), numeric: true },
              { header: 'Taux', value: (r) => (r.ratePercent == null ? '—' : `${number(r.ratePercent)} %`), numeric: true },
            ]}
          />
          <StatisticsTable
            title="Recettes par régie et prestation"
            grid="statsRevenue"
            period={period}
            note="Facturé pour les mois de la période, avoirs déduits. L’encaissé ne compte pas les titres transmis au Trésor public."
            rows={stats.revenue}
            columns={[
              { header: 'Régie', value: (r) => r.regie },
              { header: 'Prestation', value: (r) => r.service },
              { header: 'Facturé', value: (r) => formatEuros(r.invoicedCents), numeric: true },
              { header: 'Avoirs', value: (r) => formatEuros(r.creditedCents), numeric: true },
              { header: 'Net', value: (r) => formatEuros(r.netCents), numeric: true },
            ]}
          />
          <Typography variant="body1">
            {stats.collected.length === 0
              ? 'Aucun encaissement sur la période.'
              : `Encaissé sur la période : ${stats.collected.map((c) => `${c.regie} ${formatEuros(c.collectedCents)}`).join(' ; ')}.`}
          </Typography>
        </>
      ) : null}
    </Box>
  );
}
