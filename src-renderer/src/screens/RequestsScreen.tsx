import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
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
import type { GridColDef, GridPaginationModel } from '@mui/x-data-grid';
import { RequestDaysTable } from '../components/RequestDaysTable';
import { ServerGrid } from '../components/ServerGrid';
import { REQUEST_CATEGORIES, type RequestDetail, type RequestQueueRow } from '../../../shared/contracts/requests';
import { REQUEST_CATEGORY_LABELS } from '../../../shared/domain/labels';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { parisDateTime } from '../server-clock';
import { formatShortFrenchDate } from '../../../shared/domain/french-dates';

const when = (iso: string) => parisDateTime(iso);

const columns: GridColDef<RequestQueueRow>[] = [
  { field: 'createdAt', headerName: 'Date', width: 150, valueFormatter: (value: string) => when(value), sortable: false },
  { field: 'categoryLabel', headerName: 'Type', flex: 1, minWidth: 180, sortable: false },
  { field: 'familyName', headerName: 'Famille', flex: 1, minWidth: 180, sortable: false },
  { field: 'familyNumber', headerName: 'N° Famille', width: 150, sortable: false },
  { field: 'childName', headerName: 'Enfant', flex: 1, minWidth: 150, sortable: false },
];

/** The days of a reservation ticked when it opens: every day open with a place left. */
const keptAtFirst = (detail: RequestDetail) =>
  new Set(detail.days.filter((d) => !d.closed && (d.placesLeft === null || d.placesLeft > 0)).map((d) => d.date));

/** One request: each changed field old → new, the conflict if the record moved, Accepter / Refuser. */
function RequestDialog({ id, onClose, onDecided }: { id: number; onClose: () => void; onDecided: (message: string) => void }) {
  const [detail, setDetail] = useState<RequestDetail | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The days of a reservation the agent keeps; a full day starts unticked.
  const [kept, setKept] = useState<Set<string>>(new Set());
  useEffect(() => {
    callStaffApi('requests.get', { id }).then(
      (loaded) => {
        setDetail(loaded);
        setKept(keptAtFirst(loaded));
      },
      (e) => setError(errorMessage(e)),
    );
  }, [id]);
  const toggle = (date: string) =>
    setKept((before) => {
      const next = new Set(before);
      if (next.has(date)) next.delete(date);
      else next.add(date);
      return next;
    });
  const choosing = detail?.state === 'pending' && detail.category === 'reservation' && detail.days.length > 1;
  const refusedDates = choosing ? detail.days.filter((d) => !kept.has(d.date)).map((d) => d.date) : [];
  const partlyDecided = detail?.state === 'accepted' && detail.days.some((d) => d.refused);

  const decide = async (run: () => Promise<RequestDetail>, message: string) => {
    setError('');
    setErrors({});
    try {
      await run();
      onDecided(message);
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
      // The agent's choice of days stays as it was: only the figures (places left) are read again.
      callStaffApi('requests.get', { id }).then(setDetail, () => undefined);
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="request-title">
      <DialogTitle id="request-title">
        {detail ? `${detail.categoryLabel} — ${detail.familyName}${detail.childName ? ` (${detail.childName})` : ''}` : 'Demande'}
      </DialogTitle>
      <DialogContent>
        {error ? (
          <Alert severity="error" sx={{ mb: 2 }} role="alert">
            {error}
          </Alert>
        ) : null}
        {detail ? (
          <>
            <Typography variant="body2" sx={{ mb: 2 }}>
              Demandée le {when(detail.createdAt)} — famille n° {detail.familyNumber}
            </Typography>
            {detail.hasConflict ? (
              <Alert severity="warning" sx={{ mb: 2 }}>
                La fiche a été modifiée depuis la demande (colonne « Valeur actuelle ») : accepter remplacerait ces valeurs.
              </Alert>
            ) : null}
            {detail.changes.length > 0 ? (
              <Table size="small" aria-label="Modifications demandées">
                <TableHead>
                  <TableRow>
                    <TableCell>Champ</TableCell>
                    <TableCell>Ancienne valeur</TableCell>
                    <TableCell>Nouvelle valeur</TableCell>
                    <TableCell>Valeur actuelle</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {detail.changes.map((c) => (
                    <TableRow key={c.field}>
                      <TableCell>{c.label}</TableCell>
                      <TableCell>{c.before}</TableCell>
                      <TableCell>
                        <strong>{c.after}</strong>
                      </TableCell>
                      <TableCell>{c.nowDiffers ? <Chip color="warning" size="small" label={`${c.now} (modifiée)`} /> : c.before}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : null}
            {/* The days are in the table below: the summary's « Jours » lines would only repeat it. */}
            {detail.summary
              .filter((line) => detail.days.length === 0 || !line.startsWith('Jours'))
              .map((line) => (
                <Typography key={line}>{line}</Typography>
              ))}
            {detail.days.length > 0 ? (
              <RequestDaysTable
                days={detail.days}
                mode={choosing ? 'choose' : partlyDecided ? 'decided' : 'list'}
                kept={kept}
                onToggle={toggle}
              />
            ) : null}
            {detail.state === 'pending' ? (
              <TextField
                label="Motif du refus"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                fullWidth
                multiline
                sx={{ mt: 3 }}
                error={Boolean(errors.reason)}
                helperText={
                  errors.reason ??
                  (refusedDates.length > 0
                    ? 'Obligatoire : la famille lira pourquoi les jours non cochés sont refusés.'
                    : 'Obligatoire pour refuser : la famille le lira.')
                }
              />
            ) : (
              <Alert severity="info" sx={{ mt: 2 }}>
                Demande{' '}
                {partlyDecided
                  ? `acceptée en partie — jours refusés : ${detail.days
                      .filter((d) => d.refused)
                      .map((d) => formatShortFrenchDate(d.date))
                      .join(', ')} (motif : ${detail.refusalReason})`
                  : detail.state === 'accepted'
                    ? 'acceptée'
                    : detail.state === 'refused'
                      ? `refusée (${detail.refusalReason})`
                      : 'retirée'}
                {detail.decidedBy ? ` par ${detail.decidedBy}` : detail.state === 'accepted' ? ', appliquée automatiquement' : ''}.
              </Alert>
            )}
          </>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Fermer</Button>
        {detail?.state === 'pending' ? (
          <>
            <Button
              color="error"
              onClick={() => decide(() => callStaffApi('requests.refuse', { id, reason }), 'Demande refusée ; la famille en est informée.')}
            >
              Refuser
            </Button>
            <Button
              variant="contained"
              onClick={() =>
                decide(
                  () => callStaffApi('requests.accept', { id, overrideConflict: detail.hasConflict, refusedDates, reason }),
                  refusedDates.length > 0
                    ? `Demande acceptée pour ${kept.size} jour(s), refusée pour ${refusedDates.length} ; la famille en est informée.`
                    : detail.category === 'enrolment'
                      ? 'Demande acceptée : l’inscription et ses jours réguliers sont au planning ; la famille en est informée.'
                      : 'Demande acceptée et appliquée à la fiche.',
                )
              }
            >
              {detail.hasConflict
                ? 'Accepter quand même'
                : refusedDates.length > 0
                  ? `Accepter les jours cochés (${kept.size} sur ${detail.days.length})`
                  : 'Accepter'}
            </Button>
          </>
        ) : null}
      </DialogActions>
    </Dialog>
  );
}

/** The request queue: pending requests, oldest first, filtered on the server. */
export function RequestsScreen() {
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const [category, setCategory] = useState('');
  const [search, setSearch] = useState('');
  const [data, setData] = useState<{ rows: RequestQueueRow[]; total: number }>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);
  const filter = { category: (category || undefined) as never, search };
  const [ticked, setTicked] = useState<number[]>([]);
  const [accepting, setAccepting] = useState(false);
  // Each ticked request is accepted as if on its own; those that cannot be (a conflict to look at,
  // decided meanwhile) stay in the list, said by name.
  const acceptTicked = async () => {
    setAccepting(true);
    try {
      const result = await callStaffApi('requests.acceptMany', { ids: ticked });
      const left = result.notAccepted.map((r) => `n° ${r.id} : ${r.message}`).join(' ; ');
      setMessage(`${result.accepted.length} demande(s) acceptée(s).${left ? ` Non acceptée(s) — ${left}` : ''}`);
      setTicked([]);
      setReload((n) => n + 1);
    } catch (e) {
      setMessage(errorMessage(e));
    } finally {
      setAccepting(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger: each change asks the server again.
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    const timer = setTimeout(() => {
      callStaffApi('requests.list', { ...filter, page: pagination.page, pageSize: pagination.pageSize })
        .then((page) => {
          if (!cancelled) setData(page);
        })
        .finally(() => {
          if (!cancelled) setLoading(false);
        });
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [pagination, category, search, reload]);

  return (
    <Box>
      <Stack direction="row" sx={{ mb: 2, alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Demandes en attente
        </Typography>
        <TextField
          select
          label="Type"
          value={category}
          onChange={(e) => {
            setCategory(e.target.value);
            setPagination((p) => ({ ...p, page: 0 }));
          }}
          size="small"
          sx={{ minWidth: 220 }}
        >
          <MenuItem value="">Tous les types</MenuItem>
          {REQUEST_CATEGORIES.map((c) => (
            <MenuItem key={c} value={c}>
              {REQUEST_CATEGORY_LABELS[c]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Famille (nom, n°)"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPagination((p) => ({ ...p, page: 0 }));
          }}
          size="small"
        />
      </Stack>
      {message ? (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setMessage('')}>
          {message}
        </Alert>
      ) : null}
      <Stack direction="row" sx={{ gap: 1, mb: 1, alignItems: 'center' }}>
        <Button variant="contained" disabled={!ticked.length || accepting} onClick={acceptTicked}>
          Accepter la sélection ({ticked.length})
        </Button>
      </Stack>
      <ServerGrid
        selection={{ ids: ticked, onChange: setTicked }}
        exportAs={{ grid: 'requests', filter }}
        label="Demandes en attente"
        rows={data.rows}
        total={data.total}
        columns={columns}
        loading={loading}
        pagination={pagination}
        onPaginationChange={setPagination}
        onOpen={setOpen}
        emptyLabel="Aucune demande en attente."
      />
      {open !== null ? (
        <RequestDialog
          id={open}
          onClose={() => setOpen(null)}
          onDecided={(text) => {
            setOpen(null);
            setMessage(text);
            setReload((n) => n + 1);
          }}
        />
      ) : null}
    </Box>
  );
}
