import { DataGrid, type GridColDef, type GridPaginationModel, type GridSortModel, type GridValidRowModel } from '@mui/x-data-grid';
import { frFR } from '@mui/x-data-grid/locales';
import { ExportButtons, type GridExportRequest } from './ExportButtons';

/**
 * A DataGrid whose pages, sort and filters are the server's: it shows one page and asks for the
 * next; a row opens with a click or Enter.
 */
export function ServerGrid<R extends GridValidRowModel>(props: {
  label: string;
  rows: R[];
  total: number;
  columns: GridColDef<R>[];
  loading: boolean;
  pagination: GridPaginationModel;
  onPaginationChange: (model: GridPaginationModel) => void;
  sort?: GridSortModel;
  onSortChange?: (model: GridSortModel) => void;
  onOpen: (id: number) => void;
  emptyLabel?: string;
  /** The grid's filter and sort, for « Exporter » (every page of them, not the one shown). */
  exportAs?: GridExportRequest;
  /** Rows ticked for an action on several at once (a checkbox column). */
  selection?: { ids: number[]; onChange: (ids: number[]) => void };
}) {
  const selection = props.selection;
  return (
    <>
      {props.exportAs ? <ExportButtons request={props.exportAs} label={props.label} /> : null}
      <DataGrid
        aria-label={props.label}
        rows={props.rows}
        rowCount={props.total}
        columns={props.columns}
        loading={props.loading}
        paginationMode="server"
        sortingMode="server"
        filterMode="server"
        disableColumnFilter
        paginationModel={props.pagination}
        onPaginationModelChange={props.onPaginationChange}
        sortModel={props.sort}
        onSortModelChange={props.onSortChange}
        pageSizeOptions={[10, 25, 50, 100]}
        checkboxSelection={Boolean(selection)}
        rowSelectionModel={selection ? { type: 'include', ids: new Set(selection.ids) } : undefined}
        onRowSelectionModelChange={
          selection
            ? (model) =>
                selection.onChange(
                  model.type === 'include'
                    ? [...model.ids].map(Number)
                    : props.rows.map((r) => Number(r.id)).filter((id) => !model.ids.has(id)),
                )
            : undefined
        }
        onRowClick={(params) => props.onOpen(Number(params.id))}
        onCellKeyDown={(params, event) => {
          if (event.key === 'Enter') props.onOpen(Number(params.id));
        }}
        autoHeight
        disableRowSelectionOnClick
        localeText={
          props.emptyLabel ? { ...frFR.components.MuiDataGrid.defaultProps.localeText, noRowsLabel: props.emptyLabel } : undefined
        }
      />
    </>
  );
}
