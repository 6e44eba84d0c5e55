import { useEffect, useState, type KeyboardEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import type { AttendanceSheet, AttendanceValue, ServiceOption } from '../../../shared/contracts/attendance';
import { callStaffApi, errorMessage } from '../api-client';
import { serverToday } from '../server-clock';
import { ExportButtons } from '../components/ExportButtons';
import { UnannouncedChild } from '../components/UnannouncedChild';
import { savePdf } from '../billing/pdf-download';

const CHOICES: Array<{ value: AttendanceValue; label: string; key: string }> = [
  { value: 'present', label: 'Présent', key: 'p' },
  { value: 'absent_excused', label: 'Absent excusé', key: 'e' },
  { value: 'absent_billed', label: 'Absent facturé', key: 'f' },
];

const todayIso = serverToday;

/** The roll as the day starts: what was already marked, else the absences the families declared. */
function prefilled(sheet: AttendanceSheet): Record<number, AttendanceValue | null> {
  return Object.fromEntries(
    sheet.rows.map((r) => [
      r.childId,
      r.attendance ?? (r.state === 'absent_excused' || r.state === 'absent_billed' ? (r.state as AttendanceValue) : null),
    ]),
  );
}

/**
 * The roll call of one service for one day. Keyboard-fast: in a row, P, E or F marks the child and
 * moves to the next row; Tab and the arrow keys work as usual. « Imprimer » prints the day's list.
 */
export function AttendanceScreen() {
  const [services, setServices] = useState<ServiceOption[]>([]);
  const [serviceId, setServiceId] = useState<number | ''>('');
  const [date, setDate] = useState(todayIso());
  const [sheet, setSheet] = useState<AttendanceSheet | null>(null);
  const [marks, setMarks] = useState<Record<number, AttendanceValue | null>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    callStaffApi('services.options', {}).then(
      (list) => {
        setServices(list);
        if (list[0]) setServiceId(list[list.length - 1]!.id);
      },
      (e) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(() => {
    if (serviceId === '' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    setMessage('');
    setError('');
    setSheet(null);
    // A sheet that arrives after the agent chose another day or service is dropped: saving it
    // would mark that other day's children on this day.
    let current = true;
    callStaffApi('attendance.sheet', { serviceId, date }).then(
      (s) => {
        if (!current) return;
        setSheet(s);
        setMarks(prefilled(s));
      },
      (e) => {
        if (current) setError(errorMessage(e));
      },
    );
    return () => {
      current = false;
    };
  }, [serviceId, date]);

  const onRowKey = (childId: number, index: number) => (event: KeyboardEvent) => {
    const choice = CHOICES.find((c) => c.key === event.key.toLowerCase());
    if (!choice) return;
    event.preventDefault();
    setMarks((m) => ({ ...m, [childId]: choice.value }));
    document.querySelector<HTMLElement>(`[data-roll-row="${index + 1}"]`)?.focus();
  };

  const openCertificate = async (id: number) => {
    try {
      const file = await callStaffApi('certificates.get', { id });
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      // A download works the same in the browser and in Electron (which opens no pop-up window).
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
      link.download = file.filename;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const save = async () => {
    if (serviceId === '' || !sheet) return;
    setMessage('');
    setError('');
    try {
      const saved = await callStaffApi('attendance.mark', {
        serviceId,
        date,
        marks: sheet.rows.map((r) => ({ childId: r.childId, attendance: marks[r.childId] ?? null })),
      });
      setSheet(saved);
      setMarks(prefilled(saved));
      setMessage('Pointage enregistré.');
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Box>
      <Stack direction="row" sx={{ mb: 2, alignItems: 'center', gap: 2, flexWrap: 'wrap' }} className="no-print">
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Pointage
        </Typography>
        <TextField
          select
          label="Prestation"
          value={serviceId}
          onChange={(e) => setServiceId(Number(e.target.value))}
          size="small"
          sx={{ minWidth: 320 }}
        >
          {services.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Jour"
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          size="small"
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <Button
          onClick={() => setMarks((m) => Object.fromEntries(Object.entries(m).map(([id, mark]) => [id, mark ?? 'present'])) as typeof m)}
          disabled={!sheet || sheet.rows.every((r) => marks[r.childId] != null)}
        >
          Tous présents
        </Button>
        <Button onClick={() => window.print()}>Imprimer</Button>
        <Button
          disabled={serviceId === '' || !sheet}
          onClick={() =>
            serviceId !== '' && callStaffApi('attendance.rollPdf', { serviceId, date }).then(savePdf, (e) => setError(errorMessage(e)))
          }
        >
          Feuille de pointage (PDF)
        </Button>
        <Button variant="contained" onClick={save} disabled={!sheet || sheet.rows.length === 0}>
          Enregistrer
        </Button>
      </Stack>
      {message ? (
        <Alert severity="success" sx={{ mb: 2 }}>
          {message}
        </Alert>
      ) : null}
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {error}
        </Alert>
      ) : null}
      {sheet ? (
        <>
          <Typography variant="h6" component="h2">
            {sheet.serviceName} — {sheet.date.split('-').reverse().join('/')} — {sheet.rows.length} enfant(s) attendu(s)
          </Typography>
          <Typography variant="body2" className="no-print" sx={{ mb: 1 }}>
            Au clavier : sur une ligne, P = présent, E = absent excusé, F = absent facturé (puis ligne suivante). Les absences déclarées par
            les familles sont déjà cochées ; « Tous présents » coche les lignes restantes.
          </Typography>
          <Box className="no-print">
            <ExportButtons request={{ grid: 'rollCall', filter: { serviceId, date } }} label={`le pointage ${sheet.serviceName}`} />
          </Box>
          {sheet.rows.length === 0 ? (
            <Typography>Aucun enfant attendu ce jour-là.</Typography>
          ) : (
            <Table size="small" aria-label={`Pointage ${sheet.serviceName}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Enfant</TableCell>
                  <TableCell>Classe</TableCell>
                  <TableCell>Famille</TableCell>
                  <TableCell>Santé</TableCell>
                  <TableCell>Présence</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {sheet.rows.map((row, index) => (
                  <TableRow
                    key={row.childId}
                    tabIndex={0}
                    data-roll-row={index}
                    onKeyDown={onRowKey(row.childId, index)}
                    hover
                    aria-label={row.childName}
                  >
                    <TableCell>{row.childName}</TableCell>
                    <TableCell>{row.grade}</TableCell>
                    <TableCell>{row.familyName}</TableCell>
                    <TableCell>
                      {row.healthNote}
                      {row.certificateId ? (
                        <Button size="small" onClick={() => openCertificate(row.certificateId!)} className="no-print">
                          Certificat médical
                        </Button>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <ToggleButtonGroup
                        exclusive
                        size="small"
                        value={marks[row.childId] ?? null}
                        aria-label={`Présence de ${row.childName}`}
                        onChange={(_event, value: AttendanceValue | null) => setMarks((m) => ({ ...m, [row.childId]: value }))}
                      >
                        {CHOICES.map((c) => (
                          <ToggleButton key={c.value} value={c.value}>
                            {c.label}
                          </ToggleButton>
                        ))}
                      </ToggleButtonGroup>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {serviceId !== '' ? (
            <UnannouncedChild
              serviceId={serviceId}
              date={date}
              onAdded={(added) => {
                setSheet(added);
                // What the agent already marked stays; the child added comes in present.
                setMarks((m) => ({ ...prefilled(added), ...m }));
              }}
            />
          ) : null}
        </>
      ) : null}
    </Box>
  );
}
