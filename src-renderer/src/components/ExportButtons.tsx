import { useState } from 'react';
import { Button, Stack, Typography } from '@mui/material';
import type { ExportGrid } from '../../../shared/contracts/exports';
import { callStaffApi, errorMessage } from '../api-client';
import { saveFile } from '../messages/file-input';

/** What a grid exports: its name and the filter and sort it shows (every page of them). */
export interface GridExportRequest {
  grid: ExportGrid;
  filter: Record<string, unknown>;
}

/** « Exporter » a grid as a CSV French spreadsheets open, or an Excel workbook, all pages of its filter. */
export function ExportButtons({ request, label }: { request: GridExportRequest; label: string }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    setStatus('');
    try {
      const file = await callStaffApi('exports.grid', { grid: request.grid, filter: request.filter, format });
      saveFile({ filename: file.fileName, mimeType: file.mimeType, base64: file.base64 });
      setStatus(`${file.rows} ligne(s) exportée(s) dans ${file.fileName}.`);
    } catch (e) {
      setStatus(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
      <Button size="small" variant="outlined" disabled={busy} onClick={() => exportAs('csv')} aria-label={`Exporter ${label} en CSV`}>
        Exporter (CSV)
      </Button>
      <Button size="small" variant="outlined" disabled={busy} onClick={() => exportAs('xlsx')} aria-label={`Exporter ${label} en Excel`}>
        Exporter (Excel)
      </Button>
      <Typography variant="body2" role="status">
        {status}
      </Typography>
    </Stack>
  );
}
