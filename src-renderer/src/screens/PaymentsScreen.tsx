import { useEffect, useState } from 'react';
import { Box, MenuItem, Stack, TextField } from '@mui/material';
import type { GridColDef, GridPaginationModel } from '@mui/x-data-grid';
import { PAYMENT_TYPES, type JournalRow, type PaymentsJournal } from '../../../shared/contracts/billing';
import { paymentTypeLabel } from '../../../shared/domain/labels';
import { callStaffApi, errorMessage } from '../api-client';
import { ServerGrid } from '../components/ServerGrid';
import { ScreenTitle } from '../components/ScreenTitle';
import { euros, shortDate } from '../billing/pdf-download';
import { serverToday } from '../server-clock';
import { useLoaded } from '../use-loaded';
import { CancelPaymentDialog } from '../billing/CancelPaymentDialog';
import { PaymentTotals } from '../billing/PaymentTotals';
import { ChequeDepositCard } from '../billing/ChequeDepositCard';
import { CashJournalCard } from '../billing/CashJournalCard';
import { SepaBatchCard } from '../billing/SepaBatchCard';

const columns: GridColDef<JournalRow>[] = [
  { field: 'paidOn', headerName: 'Date', width: 110, sortable: false, valueFormatter: (v: string) => shortDate(v) },
  {
    field: 'family',
    headerName: 'Famille',
    flex: 1,
    minWidth: 200,
    sortable: false,
    valueGetter: (_v, row) => `${row.familyName} — ${row.familyNumber}`,
  },
  { field: 'typeLabel', headerName: 'Mode', width: 170, sortable: false },
  {
    field: 'reference',
    headerName: 'Référence',
    flex: 1,
    minWidth: 180,
    sortable: false,
    valueGetter: (v: string, row) =>
      row.cancelledByPaymentId
        ? `${v} (annulé : ${row.cancelReason ?? ''})`
        : row.cancelsPaymentId
          ? `${v} — ${row.cancelReason ?? ''}`
          : v,
  },
  {
    field: 'amountCents',
    headerName: 'Montant',
    width: 110,
    align: 'right',
    headerAlign: 'right',
    sortable: false,
    valueFormatter: (v: number) => euros(v),
  },
  { field: 'invoices', headerName: 'Factures réglées', width: 160, sortable: false, valueGetter: (v: string[]) => v.join(', ') },
  { field: 'regie', headerName: 'Régie', width: 170, sortable: false },
  { field: 'recordedBy', headerName: 'Agent', width: 140, sortable: false },
];

/** A filter left on « all » says so, rather than showing an empty box. */
const EMPTY_JOURNAL: PaymentsJournal = { rows: [], total: 0, totals: [], totalCents: 0 };
const ALL_SHOWN = { select: { displayEmpty: true }, inputLabel: { shrink: true } } as const;

/** The first day of the server's month: the journal opens on the month in progress. */
const monthStart = () => `${serverToday().slice(0, 7)}-01`;

/**
 * « Règlements »: every payment of a period, filtered by mode and régie, with the totals by
 * mode; a payment opens to be cancelled (an opposite entry with its reason, never a deletion).
 */
export function PaymentsScreen() {
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(serverToday);
  const [type, setType] = useState('');
  const [regieId, setRegieId] = useState('');
  const [regies, setRegies] = useState<Array<{ id: number; name: string }>>([]);
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const [open, setOpen] = useState<JournalRow | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    callStaffApi('billing.regies', {}).then(setRegies, (e) => setError(errorMessage(e)));
  }, []);

  const journalFilter = { from, to, type: (type || undefined) as never, regieId: regieId ? Number(regieId) : undefined };
  const loaded = useLoaded(
    () => callStaffApi('payments.journal', { ...journalFilter, page: pagination.page, pageSize: pagination.pageSize }),
    EMPTY_JOURNAL,
    [from, to, type, regieId, pagination, reload],
  );
  const journal = loaded.data;
  const loading = loaded.loading;

  const filter = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    set(event.target.value);
    setPagination((p) => ({ ...p, page: 0 }));
  };
  return (
    <Box>
      <ScreenTitle title="Règlements" message={message} onDismiss={() => setMessage('')} error={error || loaded.error} />
      <Stack direction="row" sx={{ gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          size="small"
          type="date"
          label="Du"
          value={from}
          onChange={filter(setFrom)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField size="small" type="date" label="Au" value={to} onChange={filter(setTo)} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField size="small" select label="Mode" value={type} onChange={filter(setType)} sx={{ minWidth: 180 }} slotProps={ALL_SHOWN}>
          <MenuItem value="">Tous les modes</MenuItem>
          {PAYMENT_TYPES.map((t) => (
            <MenuItem key={t} value={t}>
              {paymentTypeLabel(t, null)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          select
          label="Régie"
          value={regieId}
          onChange={filter(setRegieId)}
          sx={{ minWidth: 200 }}
          slotProps={ALL_SHOWN}
        >
          <MenuItem value="">Toutes les régies</MenuItem>
          {regies.map((r) => (
            <MenuItem key={r.id} value={String(r.id)}>
              {r.name}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <PaymentTotals journal={journal} />
      <ServerGrid
        exportAs={{ grid: 'payments', filter: journalFilter }}
        label="Règlements de la période"
        rows={journal.rows}
        total={journal.total}
        columns={columns}
        loading={loading}
        pagination={pagination}
        onPaginationChange={setPagination}
        onOpen={(id) => setOpen(journal.rows.find((r) => r.id === id) ?? null)}
        emptyLabel="Aucun règlement sur cette période."
      />
      <Box sx={{ mt: 2 }}>
        <ChequeDepositCard
          regies={regies}
          onDeposited={(text) => {
            setMessage(text);
            setReload((n) => n + 1);
          }}
        />
        <CashJournalCard regies={regies} from={from} to={to} />
        <SepaBatchCard />
      </Box>
      {open ? (
        <CancelPaymentDialog
          payment={open}
          onClose={() => setOpen(null)}
          onCancelled={(text) => {
            setOpen(null);
            setMessage(text);
            setReload((n) => n + 1);
          }}
        />
      ) : null}
    </Box>
  );
}
