import { useState } from 'react';
import type { GridColDef, GridPaginationModel } from '@mui/x-data-grid';
import type { AuditPage, AuditRow } from '../../../shared/contracts/audit';
import { callStaffApi } from '../api-client';
import { ServerGrid } from '../components/ServerGrid';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLoaded } from '../use-loaded';
import { parisDateTime } from '../server-clock';

const EMPTY: AuditPage = { rows: [], total: 0 };

const COLUMNS: GridColDef<AuditRow>[] = [
  { field: 'at', headerName: 'Date', width: 140, sortable: false, valueFormatter: (value: string) => parisDateTime(value) },
  { field: 'actorLabel', headerName: 'Par', width: 170, sortable: false },
  { field: 'action', headerName: 'Opération', width: 190, sortable: false },
  {
    field: 'familyName',
    headerName: 'Famille',
    width: 170,
    sortable: false,
    valueGetter: (_value, row) => (row.familyNumber ? `${row.familyName} (${row.familyNumber})` : ''),
  },
  {
    field: 'changes',
    headerName: 'Ancienne → nouvelle valeur',
    flex: 1,
    minWidth: 260,
    sortable: false,
    valueGetter: (_value, row) =>
      [...row.changes.map((c) => `${c.field} : ${c.before} → ${c.after}`), row.details].filter(Boolean).join(' ; '),
  },
];

/** The audit log's entries for a filter, newest first, a page at a time from the server. */
export function AuditGrid({
  filter,
  label,
  onOpenFamily,
}: {
  filter: Record<string, unknown>;
  label: string;
  onOpenFamily?: (id: number) => void;
}) {
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const key = JSON.stringify(filter);
  const loaded = useLoaded(() => callStaffApi('audit.list', { ...filter, page: pagination.page, pageSize: pagination.pageSize }), EMPTY, [
    key,
    pagination,
  ]);
  return (
    <>
      <ErrorAlert error={loaded.error} />
      <ServerGrid
        label={label}
        rows={loaded.data.rows}
        total={loaded.data.total}
        columns={COLUMNS}
        loading={loaded.loading}
        pagination={pagination}
        onPaginationChange={setPagination}
        onOpen={(id) => {
          const row = loaded.data.rows.find((r) => r.id === id);
          if (row?.familyId && onOpenFamily) onOpenFamily(row.familyId);
        }}
        emptyLabel="Aucune opération pour ce filtre."
        exportAs={{ grid: 'audit', filter }}
      />
    </>
  );
}
