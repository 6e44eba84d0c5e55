import { useEffect, useState } from 'react';
import { Box, Button, Checkbox, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { GridColDef, GridPaginationModel } from '@mui/x-data-grid';
import type { UnpaidAge, UnpaidPage, UnpaidRow } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';
import { ServerGrid } from '../components/ServerGrid';
import { ScreenTitle } from '../components/ScreenTitle';
import { euros, savePdf, shortDate } from '../billing/pdf-download';
import { useLoaded } from '../use-loaded';
import { TitresDialog } from '../billing/TitresDialog';

const AGE_LABELS: Record<UnpaidAge, string> = {
  not_due: 'Non échues',
  overdue: 'En retard',
  past_online_window: 'Hors délai de paiement en ligne',
};
const REMINDER_LABELS = ['Aucune', '1re relance', '2e relance', 'Dernier avis'];
const EMPTY_PAGE: UnpaidPage = { rows: [], total: 0, byAge: [] };
const SHOWN = { select: { displayEmpty: true }, inputLabel: { shrink: true } } as const;

/**
 * « Impayés »: the invoices still due by age (not yet due, overdue, past the online-payment
 * window), and reminders sent from the ticked ones — by e-mail, or by printed letter.
 */
export function UnpaidScreen() {
  const [age, setAge] = useState<string>('overdue');
  const [regieId, setRegieId] = useState('');
  const [regies, setRegies] = useState<Array<{ id: number; name: string }>>([]);
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    callStaffApi('billing.regies', {}).then(setRegies, (e) => setError(errorMessage(e)));
  }, []);
  const filter = { age: (age || undefined) as never, regieId: regieId ? Number(regieId) : undefined };
  const loaded = useLoaded(
    () => callStaffApi('unpaid.list', { ...filter, page: pagination.page, pageSize: pagination.pageSize }),
    EMPTY_PAGE,
    [age, regieId, pagination, reload],
  );
  const data = loaded.data;

  const toggle = (id: number) => {
    const next = new Set(ticked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setTicked(next);
  };
  const columns: GridColDef<UnpaidRow>[] = [
    {
      field: 'choose',
      headerName: 'Choisir',
      width: 80,
      sortable: false,
      renderCell: ({ row }) => (
        <Checkbox
          checked={ticked.has(row.id)}
          onChange={() => toggle(row.id)}
          onClick={(event) => event.stopPropagation()}
          slotProps={{ input: { 'aria-label': `Choisir la facture ${row.number}` } }}
        />
      ),
    },
    { field: 'number', headerName: 'N° Facture', width: 110, sortable: false },
    {
      field: 'family',
      headerName: 'Famille',
      flex: 1,
      minWidth: 200,
      sortable: false,
      valueGetter: (_v, row) => `${row.familyName} — ${row.familyNumber}`,
    },
    { field: 'regie', headerName: 'Régie', width: 180, sortable: false },
    { field: 'dueOn', headerName: 'Échéance', width: 110, sortable: false, valueFormatter: (v: string) => shortDate(v) },
    { field: 'daysOverdue', headerName: 'Retard (jours)', width: 120, sortable: false, align: 'right', headerAlign: 'right' },
    {
      field: 'remainingCents',
      headerName: 'Reste à payer',
      width: 130,
      sortable: false,
      align: 'right',
      headerAlign: 'right',
      valueFormatter: (v: number) => euros(v),
    },
    {
      field: 'reminderLevel',
      headerName: 'Dernière relance',
      width: 170,
      sortable: false,
      valueGetter: (v: number, row) => (v ? `${REMINDER_LABELS[v]} (${shortDate(row.lastReminderOn ?? '')})` : REMINDER_LABELS[0]),
    },
  ];
  const [busy, setBusy] = useState(false);
  const [titring, setTitring] = useState(false);
  const remind = async (channel: 'auto' | 'letter') => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const sent = await callStaffApi('reminders.send', { invoiceIds: [...ticked], channel });
      if (sent.lettersPdf) savePdf(sent.lettersPdf);
      const skipped = sent.skipped.map((s) => `${s.number} : ${s.reason}`).join(' ');
      setMessage(
        `${sent.emailed} relance(s) par courriel, ${sent.letters} par courrier${sent.letters ? ' (imprimées)' : ''}.${skipped ? ` Non relancées — ${skipped}` : ''}`,
      );
      setTicked(new Set());
      setReload((n) => n + 1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box>
      <ScreenTitle title="Impayés" message={message} onDismiss={() => setMessage('')} error={error || loaded.error} />
      <Typography sx={{ mb: 2 }}>
        {data.byAge.map((a) => `${AGE_LABELS[a.age]} : ${a.count} (${euros(a.remainingCents)})`).join(' — ') || 'Aucune facture impayée.'}
      </Typography>
      <Stack direction="row" sx={{ gap: 2, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          size="small"
          select
          label="Âge"
          value={age}
          onChange={(e) => {
            setAge(e.target.value);
            setTicked(new Set());
            setPagination((p) => ({ ...p, page: 0 }));
          }}
          sx={{ minWidth: 240 }}
          slotProps={SHOWN}
        >
          <MenuItem value="">Toutes les factures dues</MenuItem>
          {Object.entries(AGE_LABELS).map(([value, label]) => (
            <MenuItem key={value} value={value}>
              {label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          select
          label="Régie"
          value={regieId}
          onChange={(e) => {
            setRegieId(e.target.value);
            setTicked(new Set());
            setPagination((p) => ({ ...p, page: 0 }));
          }}
          sx={{ minWidth: 200 }}
          slotProps={SHOWN}
        >
          <MenuItem value="">Toutes les régies</MenuItem>
          {regies.map((r) => (
            <MenuItem key={r.id} value={String(r.id)}>
              {r.name}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="contained" disabled={busy || !ticked.size} onClick={() => remind('auto')}>
          Relancer ({ticked.size}) par courriel, ou courrier sans adresse
        </Button>
        <Button variant="outlined" disabled={busy || !ticked.size} onClick={() => remind('letter')}>
          Relancer par courrier
        </Button>
        <Button variant="outlined" disabled={!ticked.size || !regieId || age !== 'past_online_window'} onClick={() => setTitring(true)}>
          Titrer ({ticked.size}) pour la trésorerie
        </Button>
      </Stack>
      {titring ? (
        <TitresDialog
          regieId={Number(regieId)}
          invoiceIds={[...ticked]}
          onClose={() => setTitring(false)}
          onIssued={(text) => {
            setTitring(false);
            setMessage(text);
            setTicked(new Set());
            setReload((n) => n + 1);
          }}
        />
      ) : null}
      <Typography variant="body2" sx={{ mb: 1 }}>
        Pour titrer : choisissez l’âge « Hors délai de paiement en ligne » et une régie, puis cochez les factures.
      </Typography>
      <ServerGrid
        exportAs={{ grid: 'unpaid', filter }}
        label="Factures impayées"
        rows={data.rows}
        total={data.total}
        columns={columns}
        loading={loaded.loading}
        pagination={pagination}
        onPaginationChange={setPagination}
        onOpen={toggle}
        emptyLabel="Aucune facture pour ce choix."
      />
    </Box>
  );
}
