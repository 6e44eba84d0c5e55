import { useEffect, useState } from 'react';
import { forgetUnsavedChanges, useUnsavedChanges } from '../unsaved-changes';
import { AuditGrid } from '../audit/AuditGrid';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Divider,
  FormControlLabel,
  Grid,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { SITUATIONS, type AdultInput, type AdultView, type ChildSummary, type FamilyDetail } from '../../../shared/contracts/families';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { AdultFields, emptyAdult } from '../components/AdultFields';
import { ChildDialog } from '../components/ChildDialog';
import { PortalAccountCard } from '../components/PortalAccountCard';
import { FamilyAccountCard } from '../billing/FamilyAccountCard';
import { WriteToFamilyDialog } from '../messages/WriteToFamilyDialog';
import { savePdf } from '../billing/pdf-download';
import { PersonalDataButtons } from '../components/PersonalDataButtons';
import { SectionEditor } from '../components/SectionEditor';
import { ChildRecordDialog } from '../components/ChildRecordDialog';
import { ChildPlanningDialog } from '../components/ChildPlanningDialog';
import { ofName } from '../../../shared/domain/french-grammar';

const toInput = (adult: AdultView): Required<AdultInput> => {
  const { id: _id, ...rest } = adult;
  return rest as Required<AdultInput>;
};

function AdultCard({ title, adult }: { title: string; adult: AdultView | null }) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {title}
        </Typography>
        {adult ? (
          <Box
            component="dl"
            sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0, '& dd': { m: 0 } }}
          >
            <dt>Civilité</dt>
            <dd>{adult.civility}</dd>
            <dt>Nom</dt>
            <dd>{adult.lastName}</dd>
            <dt>Prénom</dt>
            <dd>{adult.firstName}</dd>
            <dt>Qualité</dt>
            <dd>{adult.quality}</dd>
            <dt>Adresse</dt>
            <dd>{[adult.address, `${adult.postalCode} ${adult.city}`.trim()].filter(Boolean).join(', ')}</dd>
            <dt>Téléphones</dt>
            <dd>{[adult.phoneHome, adult.phoneWork, adult.phoneMobile].filter(Boolean).join(' · ')}</dd>
            <dt>Email</dt>
            <dd>{adult.email}</dd>
            <dt>Autorisations</dt>
            <dd>
              Courriel : {adult.emailAllowed ? 'Oui' : 'Non'} — SMS : {adult.smsAllowed ? 'Oui' : 'Non'}
            </dd>
          </Box>
        ) : (
          <Typography color="text.secondary">Aucun conjoint enregistré.</Typography>
        )}
      </CardContent>
    </Card>
  );
}

/** A family's page: responsable, conjoint and children; edit and create with the server's French errors. */
export function FamilyScreen({ familyId, onOpenFamily }: { familyId: number | null; onOpenFamily: (id: number) => void }) {
  const [family, setFamily] = useState<FamilyDetail | null>(null);
  const [editing, setEditing] = useState(familyId === null);
  const [writing, setWriting] = useState(false);
  const [situation, setSituation] = useState('');
  const [responsable, setResponsable] = useState(emptyAdult());
  const [hasConjoint, setHasConjoint] = useState(false);
  const [conjoint, setConjoint] = useState(emptyAdult());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const [childDialog, setChildDialog] = useState<ChildSummary | 'new' | null>(null);
  const [childRecord, setChildRecord] = useState<ChildSummary | null>(null);
  const [childPlanning, setChildPlanning] = useState<ChildSummary | null>(null);

  // What the form held when it was filled from the record: any difference is a change not saved yet.
  const draft = JSON.stringify({ situation, responsable, hasConjoint, conjoint });
  const [pristine, setPristine] = useState(draft);
  useUnsavedChanges(editing && draft !== pristine);

  const load = (detail: FamilyDetail) => {
    setPristine(
      JSON.stringify({
        situation: detail.situation,
        responsable: toInput(detail.responsable),
        hasConjoint: detail.conjoint !== null,
        conjoint: detail.conjoint ? toInput(detail.conjoint) : emptyAdult(),
      }),
    );
    setFamily(detail);
    setSituation(detail.situation);
    setResponsable(toInput(detail.responsable));
    setHasConjoint(detail.conjoint !== null);
    setConjoint(detail.conjoint ? toInput(detail.conjoint) : emptyAdult());
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the family is read when another one is opened; `load` only calls setters, which React keeps stable.
  useEffect(() => {
    if (familyId !== null) callStaffApi('families.get', { id: familyId }).then(load, (e) => setError(errorMessage(e)));
  }, [familyId]);

  const save = async () => {
    setErrors({});
    setError('');
    const body = {
      situation: situation as never,
      attachedBody: family?.attachedBody ?? '0',
      responsable,
      conjoint: hasConjoint ? conjoint : null,
    };
    try {
      if (family) {
        load(await callStaffApi('families.update', { ...body, id: family.id, expectedVersion: family.version }));
        setEditing(false);
        setSaved('Fiche famille enregistrée.');
      } else {
        const created = await callStaffApi('families.create', body);
        forgetUnsavedChanges();
        onOpenFamily(created.id);
      }
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    }
  };

  if (familyId !== null && !family) {
    return error ? <Alert severity="error">{error}</Alert> : <Typography>Chargement…</Typography>;
  }

  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Button href="#/familles">← Familles</Button>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          {family ? `Famille ${family.responsable.lastName} — N° ${family.familyNumber}` : 'Nouvelle famille'}
        </Typography>
        {family && !editing ? (
          <>
            <Button
              onClick={() => callStaffApi('forms.enrolmentPdf', { familyId: family.id }).then(savePdf, (e) => setError(errorMessage(e)))}
            >
              Fiches d'inscription (PDF)
            </Button>
            <PersonalDataButtons familyId={family.id} onError={(e) => setError(errorMessage(e))} />
            <Button onClick={() => setWriting(true)}>Écrire à la famille</Button>
            <Button
              variant="contained"
              onClick={() => {
                setSaved('');
                setEditing(true);
              }}
            >
              Modifier
            </Button>
          </>
        ) : null}
      </Stack>
      {saved ? (
        <Alert severity="success" sx={{ mb: 2 }}>
          {saved}
        </Alert>
      ) : null}
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {error}
        </Alert>
      ) : null}
      {editing ? (
        <Card variant="outlined">
          <CardContent>
            <TextField
              select
              label="Situation"
              value={situation}
              onChange={(e) => setSituation(e.target.value)}
              sx={{ minWidth: 240, mb: 2 }}
              error={Boolean(errors.situation)}
              helperText={errors.situation}
            >
              <MenuItem value="">(non renseignée)</MenuItem>
              {SITUATIONS.map((s) => (
                <MenuItem key={s} value={s}>
                  {s}
                </MenuItem>
              ))}
            </TextField>
            <Typography variant="h6" component="h2" gutterBottom>
              Responsable
            </Typography>
            <AdultFields prefix="responsable" value={responsable} onChange={setResponsable} errors={errors} />
            <Divider sx={{ my: 3 }} />
            <FormControlLabel
              control={<Checkbox checked={hasConjoint} onChange={(e) => setHasConjoint(e.target.checked)} />}
              label="Conjoint"
            />
            {hasConjoint ? <AdultFields prefix="conjoint" value={conjoint} onChange={setConjoint} errors={errors} /> : null}
            <Stack direction="row" sx={{ gap: 2, mt: 3 }}>
              <Button variant="contained" onClick={save}>
                Enregistrer
              </Button>
              <Button
                onClick={() => {
                  if (family) {
                    load(family);
                    setEditing(false);
                    setErrors({});
                    setError('');
                  } else {
                    forgetUnsavedChanges(); // « Annuler » says it: nothing to ask
                    window.location.hash = '/familles';
                  }
                }}
              >
                Annuler
              </Button>
            </Stack>
          </CardContent>
        </Card>
      ) : family ? (
        <>
          <Grid container spacing={2} sx={{ mb: 2 }}>
            <Grid size={{ xs: 12, md: 6 }}>
              <AdultCard title="Responsable" adult={family.responsable} />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <AdultCard title="Conjoint" adult={family.conjoint} />
            </Grid>
          </Grid>
          <Card variant="outlined">
            <CardContent>
              <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
                <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
                  Enfants
                </Typography>
                <Button onClick={() => setChildDialog('new')}>Ajouter un enfant</Button>
              </Stack>
              {family.children.length === 0 ? <Typography color="text.secondary">Aucun enfant.</Typography> : null}
              {family.children.map((child) => (
                <Stack key={child.id} direction="row" sx={{ alignItems: 'center', py: 0.5 }}>
                  <Typography sx={{ flexGrow: 1 }}>
                    {child.firstName} {child.lastName} — né(e) le {child.birthDate.split('-').reverse().join('/')}
                    {child.grade ? ` — ${child.grade}` : ''}
                  </Typography>
                  <Button
                    size="small"
                    onClick={() => setChildPlanning(child)}
                    aria-label={`Planning ${ofName(`${child.firstName} ${child.lastName}`)}`}
                  >
                    Planning
                  </Button>
                  <Button
                    size="small"
                    onClick={() => setChildRecord(child)}
                    aria-label={`Fiche ${ofName(`${child.firstName} ${child.lastName}`)}`}
                  >
                    Fiche
                  </Button>
                  <Button size="small" onClick={() => setChildDialog(child)} aria-label={`Modifier ${child.firstName} ${child.lastName}`}>
                    Modifier
                  </Button>
                </Stack>
              ))}
            </CardContent>
          </Card>
          <Card variant="outlined" sx={{ mt: 2 }}>
            <CardContent>
              <Stack sx={{ gap: 3 }}>
                <SectionEditor section="fiscal" ownerId={family.id} />
                <Divider />
                <SectionEditor section="caf" ownerId={family.id} />
                <Divider />
                <SectionEditor section="bank" ownerId={family.id} />
              </Stack>
            </CardContent>
          </Card>
          <PortalAccountCard familyId={family.id} />
          <FamilyAccountCard familyId={family.id} />
          <Card variant="outlined" sx={{ mt: 2 }}>
            <CardContent>
              <Typography variant="h6" component="h2" gutterBottom>
                Historique
              </Typography>
              <AuditGrid filter={{ familyId: family.id }} label={`Historique de la famille ${family.familyNumber}`} />
            </CardContent>
          </Card>
        </>
      ) : null}
      {family && writing ? (
        <WriteToFamilyDialog
          familyId={family.id}
          onClose={() => setWriting(false)}
          onSent={(text) => {
            setWriting(false);
            setSaved(text);
          }}
        />
      ) : null}
      {childRecord ? <ChildRecordDialog child={childRecord} onClose={() => setChildRecord(null)} /> : null}
      {family && childPlanning ? (
        <ChildPlanningDialog familyId={family.id} child={childPlanning} onClose={() => setChildPlanning(null)} />
      ) : null}
      {family && childDialog ? (
        <ChildDialog
          familyId={family.id}
          child={childDialog === 'new' ? null : childDialog}
          defaultLastName={family.responsable.lastName}
          onClose={() => setChildDialog(null)}
          onSaved={() => {
            setChildDialog(null);
            callStaffApi('families.get', { id: family.id }).then(load);
          }}
        />
      ) : null}
    </Box>
  );
}
