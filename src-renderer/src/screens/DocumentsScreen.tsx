import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
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
import { DOCUMENT_CATEGORIES, DOCUMENT_CATEGORY_LABELS, type DocumentView } from '../../../shared/contracts/documents';
import type { ServiceOption } from '../../../shared/contracts/attendance';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { fileToAttachment } from '../messages/file-input';
import { savePdf } from '../billing/pdf-download';

type Draft = {
  title: string;
  category: DocumentView['category'];
  position: number;
  visible: boolean;
  publishedFrom: string;
  publishedTo: string;
};
const emptyDraft: Draft = { title: '', category: 'information', position: 0, visible: true, publishedFrom: '', publishedTo: '' };
const dateOrNull = (s: string) => (s ? s : null);

function DocumentFields({ value, onChange, errors }: { value: Draft; onChange: (d: Draft) => void; errors: Record<string, string> }) {
  return (
    <Stack direction="row" sx={{ gap: 2, flexWrap: 'wrap' }}>
      <TextField
        size="small"
        label="Titre"
        value={value.title}
        onChange={(e) => onChange({ ...value, title: e.target.value })}
        error={Boolean(errors.title)}
        helperText={errors.title}
        sx={{ minWidth: 260 }}
      />
      <TextField
        size="small"
        select
        label="Catégorie"
        value={value.category}
        onChange={(e) => onChange({ ...value, category: e.target.value as Draft['category'] })}
        sx={{ minWidth: 200 }}
      >
        {DOCUMENT_CATEGORIES.map((c) => (
          <MenuItem key={c} value={c}>
            {DOCUMENT_CATEGORY_LABELS[c]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        size="small"
        type="number"
        label="Ordre"
        value={value.position}
        onChange={(e) => onChange({ ...value, position: Number(e.target.value) })}
        sx={{ width: 90 }}
      />
      <TextField
        size="small"
        type="date"
        label="Publié du"
        value={value.publishedFrom}
        onChange={(e) => onChange({ ...value, publishedFrom: e.target.value })}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField
        size="small"
        type="date"
        label="au"
        value={value.publishedTo}
        onChange={(e) => onChange({ ...value, publishedTo: e.target.value })}
        slotProps={{ inputLabel: { shrink: true } }}
        error={Boolean(errors.publishedTo)}
        helperText={errors.publishedTo}
      />
      <FormControlLabel
        control={<Checkbox checked={value.visible} onChange={(e) => onChange({ ...value, visible: e.target.checked })} />}
        label="Visible des familles"
      />
    </Stack>
  );
}

/** « Infos./Documents » as agents publish it, and the dossiers d'inscription to print. */
export function DocumentsScreen() {
  const [removing, setRemoving] = useState<{ id: number; title: string } | null>(null);
  const [documents, setDocuments] = useState<DocumentView[]>([]);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [edits, setEdits] = useState<Record<number, Draft>>({});
  const [services, setServices] = useState<ServiceOption[]>([]);
  const [formService, setFormService] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    callStaffApi('documents.list', {}).then(setDocuments, (e) => setError(errorMessage(e)));
    callStaffApi('services.options', {}).then(setServices, () => undefined);
  }, []);
  const run = async (action: () => Promise<DocumentView[]>, done: string) => {
    setError('');
    setErrors({});
    setMessage('');
    try {
      setDocuments(await action());
      setMessage(done);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
      return false;
    }
  };
  const fields = (d: Draft) => ({
    title: d.title,
    category: d.category,
    position: d.position,
    visible: d.visible,
    publishedFrom: dateOrNull(d.publishedFrom),
    publishedTo: dateOrNull(d.publishedTo),
  });
  const publish = async (kind: 'file' | 'link') => {
    const ok = await run(
      async () =>
        kind === 'file'
          ? callStaffApi('documents.create', {
              ...fields(draft),
              kind: 'file',
              file: file ? await fileToAttachment(file) : { filename: '', base64: '' },
            })
          : callStaffApi('documents.create', { ...fields(draft), kind: 'link', url }),
      'Document publié.',
    );
    if (ok) {
      setDraft(emptyDraft);
      setFile(null);
      setUrl('');
    }
  };
  const printForms = (input: { blank: true } | { serviceId: number }) => {
    setError('');
    callStaffApi('forms.enrolmentPdf', input).then(savePdf, (e) => setError(errorMessage(e)));
  };
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        Documents
      </Typography>
      {message ? (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setMessage('')}>
          {message}
        </Alert>
      ) : null}
      <ErrorAlert error={error} />
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Publier un document ou un lien
          </Typography>
          <DocumentFields value={draft} onChange={setDraft} errors={errors} />
          <Stack direction="row" sx={{ gap: 2, mt: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            <Button component="label" variant="outlined">
              {file ? `PDF : ${file.name}` : 'Choisir un PDF (10 Mo au plus)'}
              <input hidden type="file" accept="application/pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </Button>
            <Button variant="contained" onClick={() => publish('file')} disabled={!file}>
              Publier le PDF
            </Button>
            <TextField
              size="small"
              label="ou une adresse web (https://…)"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              error={Boolean(errors.url)}
              helperText={errors.url ?? errors.file}
              sx={{ minWidth: 300 }}
            />
            <Button variant="contained" onClick={() => publish('link')} disabled={!url}>
              Publier le lien
            </Button>
          </Stack>
        </CardContent>
      </Card>
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Documents publiés
          </Typography>
          <Table size="small" aria-label="Documents">
            <TableHead>
              <TableRow>
                <TableCell>Document</TableCell>
                <TableCell>Type</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {documents.map((d) => {
                const edit = edits[d.id];
                return (
                  <TableRow key={d.id}>
                    <TableCell>
                      {edit ? (
                        <DocumentFields value={edit} onChange={(v) => setEdits({ ...edits, [d.id]: v })} errors={errors} />
                      ) : (
                        <>
                          {d.title} — {DOCUMENT_CATEGORY_LABELS[d.category]}
                          {d.visible ? '' : ' — masqué'}
                          {d.publishedFrom ? ` — à partir du ${d.publishedFrom.split('-').reverse().join('/')}` : ''}
                          {d.publishedTo ? ` — jusqu’au ${d.publishedTo.split('-').reverse().join('/')}` : ''}
                        </>
                      )}
                    </TableCell>
                    <TableCell>{d.kind === 'file' ? `PDF (${Math.max(1, Math.round((d.sizeBytes ?? 0) / 1024))} Ko)` : d.url}</TableCell>
                    <TableCell align="right">
                      {edit ? (
                        <>
                          <Button
                            onClick={async () => {
                              if (await run(() => callStaffApi('documents.update', { id: d.id, ...fields(edit) }), 'Document modifié.')) {
                                const { [d.id]: _done, ...rest } = edits;
                                setEdits(rest);
                              }
                            }}
                          >
                            Enregistrer
                          </Button>
                          <Button
                            onClick={() => {
                              const { [d.id]: _gone, ...rest } = edits;
                              setEdits(rest);
                            }}
                          >
                            Annuler
                          </Button>
                        </>
                      ) : (
                        <>
                          <Button
                            onClick={() =>
                              setEdits({
                                ...edits,
                                [d.id]: {
                                  title: d.title,
                                  category: d.category,
                                  position: d.position,
                                  visible: d.visible,
                                  publishedFrom: d.publishedFrom ?? '',
                                  publishedTo: d.publishedTo ?? '',
                                },
                              })
                            }
                            aria-label={`Modifier ${d.title}`}
                          >
                            Modifier
                          </Button>
                          <Button color="error" onClick={() => setRemoving({ id: d.id, title: d.title })} aria-label={`Retirer ${d.title}`}>
                            Retirer
                          </Button>
                        </>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Dossiers d'inscription
          </Typography>
          <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            <Button variant="outlined" onClick={() => printForms({ blank: true })}>
              Imprimer la fiche vierge
            </Button>
            <TextField
              select
              size="small"
              label="Prestation"
              value={formService}
              onChange={(e) => setFormService(e.target.value)}
              sx={{ minWidth: 280 }}
            >
              {services.map((s) => (
                <MenuItem key={s.id} value={String(s.id)}>
                  {s.label}
                </MenuItem>
              ))}
            </TextField>
            <Button variant="outlined" disabled={!formService} onClick={() => printForms({ serviceId: Number(formService) })}>
              Imprimer les fiches pré-remplies des inscrits
            </Button>
          </Stack>
        </CardContent>
      </Card>
      {removing ? (
        <ConfirmDialog
          title="Retirer ce document ?"
          confirmLabel="Retirer le document"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const { id } = removing;
            setRemoving(null);
            run(() => callStaffApi('documents.remove', { id }), 'Document retiré.');
          }}
        >
          « {removing.title} » ne sera plus proposé aux familles sur le portail.
        </ConfirmDialog>
      ) : null}
    </Box>
  );
}
