import { useEffect, useState } from 'react';
import { MenuItem, Stack, TextField } from '@mui/material';
import type { GridColDef, GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import type { InvoiceRow, InvoicesPage } from '../../../shared/contracts/billing';
import { ServerGrid } from '../components/ServerGrid';
import { callStaffApi } from '../api-client';
import { InvoiceDialog } from './InvoiceDialog';
import { euros, shortDate } from './pdf-download';

const columns: GridColDef<InvoiceRow>[] = [
  {
    field: 'number',
    headerName: 'N° Facture',
    width: 120,
    valueFormatter: (v: string, row) => (row.kind === 'credit_note' ? `${v} (avoir)` : row.status === 'cancelled' ? `${v} (annulée)` : v),
  },
  { field: 'family', headerName: 'Famille', flex: 1, minWidth: 200, valueGetter: (_v, row) => `${row.familyName} — ${row.familyNumber}` },
  { field: 'regie', headerName: 'Régie', width: 190, sortable: false },
  { field: 'issuedOn', headerName: 'Date Facture', width: 120, valueFormatter: (v: string) => shortDate(v) },
  { field: 'dueOn', headerName: 'Date Echéance', width: 130, valueFormatter: (v: string) => shortDate(v) },
  {
    field: 'total',
    headerName: 'Montant',
    width: 110,
    align: 'right',
    headerAlign: 'right',
    valueGetter: (_v, row) => row.totalCents,
    valueFormatter: (v: number) => euros(v),
  },
  {
    field: 'remainingCents',
    headerName: 'Reste à payer',
    width: 130,
    align: 'right',
    headerAlign: 'right',
    sortable: false,
    valueFormatter: (v: number) => euros(v),
  },
];

const STATUSES = [
  ['all', 'Toutes'],
  ['unpaid', 'Non réglées'],
  ['paid', 'Réglées'],
  ['cancelled', 'Annulées'],
  ['credit_note', 'Avoirs'],
] as const;

/** Invoices paged, sorted and filtered on the server; a row opens the invoice. */
export function InvoicesGrid({ familyId, reload, onChanged }: { familyId?: number; reload: number; onChanged: (message: string) => void }) {
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: familyId ? 10 : 25 });
  const [sort, setSort] = useState<GridSortModel>([{ field: 'issuedOn', sort: 'desc' }]);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<string>('all');
  const [month, setMonth] = useState('');
  const [data, setData] = useState<InvoicesPage>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [localReload, setLocalReload] = useState(0);

  const order = sort[0];
  const filter = {
    search,
    status: status as never,
    month: month || undefined,
    familyId,
    sort: (order?.field ?? 'issuedOn') as never,
    direction: (order?.sort === 'asc' ? 'asc' : 'desc') as 'asc' | 'desc',
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` and `localReload` are the refetch trigger: each change asks the server again.
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    const timer = setTimeout(() => {
      callStaffApi('invoices.list', { ...filter, page: pagination.page, pageSize: pagination.pageSize })
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
  }, [pagination, sort, search, status, month, familyId, reload, localReload]);

  const resetPage = () => setPagination((p) => ({ ...p, page: 0 }));
  return (
    <>
      <Stack direction="row" sx={{ gap: 2, mb: 2, flexWrap: 'wrap' }}>
        {familyId ? null : (
          <TextField
            size="small"
            label="Famille ou n° de facture"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              resetPage();
            }}
          />
        )}
        <TextField
          size="small"
          select
          label="État"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            resetPage();
          }}
          sx={{ minWidth: 160 }}
        >
          {STATUSES.map(([value, label]) => (
            <MenuItem key={value} value={value}>
              {label}
            </MenuItem>
          ))}
        </TextField>
        {familyId ? null : (
          <TextField
            size="small"
            type="month"
            label="Mois facturé"
            value={month}
            onChange={(e) => {
              setMonth(e.target.value);
              resetPage();
            }}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        )}
      </Stack>
      <ServerGrid
        exportAs={{ grid: 'invoices', filter }}
        label={familyId ? 'Factures de la famille' : 'Factures'}
        rows={data.rows}
        total={data.total}
        columns={columns}
        loading={loading}
        pagination={pagination}
        onPaginationChange={setPagination}
        sort={sort}
        onSortChange={setSort}
        onOpen={setOpen}
        emptyLabel="Aucune facture."
      />
      {open !== null ? (
        <InvoiceDialog
          id={open}
          onClose={() => setOpen(null)}
          onChanged={(m) => {
            setOpen(null);
            setLocalReload((n) => n + 1);
            onChanged(m);
          }}
        />
      ) : null}
    </>
  );
}
