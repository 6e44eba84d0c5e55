import { useEffect, useState } from 'react';
import { Box, Button, Stack, TextField, Typography } from '@mui/material';
import type { GridColDef, GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import { ServerGrid } from '../components/ServerGrid';
import type { FamiliesPage, FamilyListRow, FAMILY_SORT_FIELDS } from '../../../shared/contracts/families';
import { callStaffApi, errorMessage } from '../api-client';

const columns: GridColDef<FamilyListRow>[] = [
  { field: 'familyNumber', headerName: 'N° Famille', width: 160 },
  { field: 'responsableName', headerName: 'Responsable', flex: 1, minWidth: 180 },
  { field: 'conjointName', headerName: 'Conjoint', flex: 1, minWidth: 160, sortable: false },
  { field: 'city', headerName: 'Ville', flex: 1, minWidth: 140 },
  { field: 'phone', headerName: 'Téléphone', width: 150, sortable: false },
  { field: 'childrenCount', headerName: 'Enfants', width: 100, type: 'number' },
];

type SortField = (typeof FAMILY_SORT_FIELDS)[number];

/** The families grid: search, sort and pages are asked of the server, never done in the window. */
export function FamiliesScreen({ onOpenFamily, onNewFamily }: { onOpenFamily: (id: number) => void; onNewFamily: () => void }) {
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const [sort, setSort] = useState<GridSortModel>([{ field: 'responsableName', sort: 'asc' }]);
  const [search, setSearch] = useState('');
  const [debouncedSearch, setDebouncedSearch] = useState('');
  const [data, setData] = useState<FamiliesPage>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setDebouncedSearch(search), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const sortItem = sort[0];
  const filter = {
    search: debouncedSearch,
    sortField: (sortItem?.field ?? 'responsableName') as SortField,
    sortDirection: sortItem?.sort ?? 'asc',
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: `filter` is rebuilt each render from the values listed.
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    callStaffApi('families.list', { ...filter, page: pagination.page, pageSize: pagination.pageSize })
      .then((page) => {
        if (!cancelled) {
          setData(page);
          setError('');
        }
      })
      .catch((e) => {
        if (!cancelled) setError(errorMessage(e));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [pagination, sort, debouncedSearch]);

  return (
    <Box>
      <Stack direction="row" sx={{ mb: 2, alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Familles
        </Typography>
        <TextField
          label="Rechercher (nom, prénom, n° famille, ville)"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPagination((p) => ({ ...p, page: 0 }));
          }}
          size="small"
          sx={{ width: 360 }}
          slotProps={{ htmlInput: { 'data-testid': 'families-search' } }}
        />
        <Button variant="contained" onClick={onNewFamily}>
          Nouvelle famille
        </Button>
      </Stack>
      {error ? (
        <Typography color="error" role="alert">
          {error}
        </Typography>
      ) : null}
      <ServerGrid
        exportAs={{ grid: 'families', filter }}
        label="Liste des familles"
        rows={data.rows}
        total={data.total}
        columns={columns}
        loading={loading}
        pagination={pagination}
        onPaginationChange={setPagination}
        sort={sort}
        onSortChange={(model) => {
          setSort(model);
          setPagination((p) => ({ ...p, page: 0 }));
        }}
        onOpen={onOpenFamily}
      />
    </Box>
  );
}
