import { useEffect, useState } from 'react';
import { Alert, Box, Button, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { GridColDef, GridPaginationModel } from '@mui/x-data-grid';
import type { ThreadRow, ThreadsPage } from '../../../shared/contracts/messages';
import { ServerGrid } from '../components/ServerGrid';
import { callStaffApi } from '../api-client';
import { ThreadDialog } from '../messages/ThreadDialog';
import { BulkMessageDialog } from '../messages/BulkMessageDialog';
import { parisDateTime } from '../server-clock';

const when = (iso: string) => parisDateTime(iso);
const columns: GridColDef<ThreadRow>[] = [
  { field: 'lastAt', headerName: 'Dernier message', width: 150, sortable: false, valueFormatter: (v: string) => when(v) },
  {
    field: 'unread',
    headerName: 'Non lus',
    width: 90,
    sortable: false,
    valueFormatter: (v: number) => (v ? `${v} non lu${v > 1 ? 's' : ''}` : ''),
  },
  { field: 'subject', headerName: 'Objet', flex: 1, minWidth: 200, sortable: false },
  {
    field: 'family',
    headerName: 'Famille',
    flex: 1,
    minWidth: 180,
    sortable: false,
    valueGetter: (_v, row) => `${row.familyName} — ${row.familyNumber}`,
  },
  { field: 'structure', headerName: 'Structure', width: 180, sortable: false },
  { field: 'handled', headerName: 'État', width: 100, sortable: false, valueFormatter: (v: boolean) => (v ? 'Traité' : 'À traiter') },
];

/** The structures' inbox: conversations with families, unread first; answer, mark handled, write to many. */
export function MessagesScreen() {
  const [structures, setStructures] = useState<Array<{ id: number; name: string }>>([]);
  const [structure, setStructure] = useState('');
  const [status, setStatus] = useState('all');
  const [search, setSearch] = useState('');
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const [data, setData] = useState<ThreadsPage>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [bulk, setBulk] = useState(false);
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);
  useEffect(() => {
    callStaffApi('structures.list', {}).then(setStructures, () => undefined);
  }, []);
  const filter = {
    status: status as never,
    search,
    structureId: (structure === '' ? undefined : structure === 'mairie' ? 'mairie' : Number(structure)) as never,
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is the refetch trigger: each change asks the server again.
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    const timer = setTimeout(() => {
      callStaffApi('messages.threads', { ...filter, page: pagination.page, pageSize: pagination.pageSize })
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
  }, [pagination, structure, status, search, reload]);
  const resetPage = () => setPagination((p) => ({ ...p, page: 0 }));
  return (
    <Box>
      <Stack direction="row" sx={{ mb: 2, gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Messages
        </Typography>
        <TextField
          select
          size="small"
          label="Structure"
          value={structure}
          onChange={(e) => {
            setStructure(e.target.value);
            resetPage();
          }}
          sx={{ minWidth: 200 }}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          <MenuItem value="">Toutes</MenuItem>
          {structures.map((s) => (
            <MenuItem key={s.id} value={String(s.id)}>
              {s.name}
            </MenuItem>
          ))}
          <MenuItem value="mairie">Mairie</MenuItem>
        </TextField>
        <TextField
          select
          size="small"
          label="Afficher"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            resetPage();
          }}
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="all">Toutes les conversations</MenuItem>
          <MenuItem value="unread">Non lues</MenuItem>
          <MenuItem value="open">À traiter</MenuItem>
        </TextField>
        <TextField
          size="small"
          label="Famille (nom, n°)"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            resetPage();
          }}
        />
        <Button variant="contained" onClick={() => setBulk(true)}>
          Message groupé
        </Button>
      </Stack>
      {message ? (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setMessage('')}>
          {message}
        </Alert>
      ) : null}
      <ServerGrid
        exportAs={{ grid: 'messages', filter }}
        label="Conversations"
        rows={data.rows}
        total={data.total}
        columns={columns}
        loading={loading}
        pagination={pagination}
        onPaginationChange={setPagination}
        onOpen={setOpen}
        emptyLabel="Aucune conversation."
      />
      {open !== null ? <ThreadDialog id={open} onClose={() => setOpen(null)} onChanged={() => setReload((n) => n + 1)} /> : null}
      {bulk ? (
        <BulkMessageDialog
          onClose={() => setBulk(false)}
          onSent={(text) => {
            setBulk(false);
            setMessage(text);
            setReload((n) => n + 1);
          }}
        />
      ) : null}
    </Box>
  );
}
