import { useEffect, useState } from 'react';
import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import type { MandateView } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';
import { serverToday } from '../server-clock';
import { shortDate } from './pdf-download';

const STATUS = { active: 'actif', revoked: 'révoqué', lapsed: 'caduc (36 mois sans prélèvement)' } as const;

/** The family's SEPA mandates, and recording the one it signed (« Prélèvement SEPA »). */
export function FamilyMandateCard({ familyId }: { familyId: number }) {
  const [mandates, setMandates] = useState<MandateView[]>([]);
  const [form, setForm] = useState({ signedOn: serverToday(), holder: '', iban: '', bic: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [wanted, setWanted] = useState(false);
  const [bankIban, setBankIban] = useState('');
  const load = () => callStaffApi('mandates.list', { familyId }).then(setMandates, (e) => setError(errorMessage(e)));
  // The mandate is signed on the account the family gave (« Coordonnées Bancaires »): the form starts from it.
  const loadBankDetails = () =>
    callStaffApi('records.getSection', { section: 'bank', ownerId: familyId }).then(
      ({ values }) => {
        setWanted(values.directDebitWanted === true);
        setBankIban(String(values.iban ?? '').replace(/\s/g, ''));
        // What the agent may already have typed is kept.
        setForm((f) => ({
          ...f,
          holder: f.holder || String(values.accountHolder ?? ''),
          iban: f.iban || String(values.iban ?? ''),
          bic: f.bic || String(values.bic ?? ''),
        }));
      },
      (e) => setError(errorMessage(e)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` only calls setters; the family is the trigger.
  useEffect(() => {
    load();
    loadBankDetails();
  }, [familyId]);
  const record = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    setErrors({});
    try {
      const mandate = await callStaffApi('mandates.record', { familyId, ...form });
      setMessage(`Mandat ${mandate.rum} enregistré : les factures de la famille seront prélevées sur ${mandate.ibanMasked}.`);
      setForm((f) => ({ ...f, holder: '', iban: '', bic: '' }));
      load();
      loadBankDetails();
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: number) => {
    try {
      await callStaffApi('mandates.revoke', { id });
      setMessage('Mandat révoqué : la famille paie de nouveau ses factures elle-même.');
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <>
      <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
        Prélèvement SEPA
      </Typography>
      {message ? <Alert severity="success">{message}</Alert> : null}
      {error ? (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      ) : null}
      {wanted && !mandates.some((m) => m.status === 'active') ? (
        <Alert severity="info">
          La famille demande le prélèvement automatique (Coordonnées Bancaires) : faites-lui signer le mandat sur le compte ci-dessous, puis
          enregistrez-le.
        </Alert>
      ) : null}
      {(() => {
        // The family changed its account or its mind since it signed: the mandate must follow.
        const active = mandates.find((m) => m.status === 'active');
        if (!active) return null;
        const masked = bankIban ? `${bankIban.slice(0, 4)} …${bankIban.slice(-4)}` : '';
        if (!wanted) return <Alert severity="warning">La famille ne demande plus le prélèvement : révoquez le mandat {active.rum}.</Alert>;
        if (masked && masked !== active.ibanMasked)
          return (
            <Alert severity="warning">
              Le compte de la fiche ({masked}) n’est plus celui du mandat {active.rum} ({active.ibanMasked}) : faites signer un nouveau
              mandat sur ce compte et enregistrez-le.
            </Alert>
          );
        return null;
      })()}
      {mandates.map((m) => (
        <Stack key={m.id} direction="row" sx={{ gap: 2, alignItems: 'center' }}>
          <Typography>
            {m.rum} — signé le {shortDate(m.signedOn)} — {m.holder} — {m.ibanMasked} — {STATUS[m.status]}
            {m.status === 'active' ? ` — prochain prélèvement ${m.nextSequence}` : ''}
          </Typography>
          {m.status === 'active' ? (
            <Button size="small" color="error" onClick={() => revoke(m.id)}>
              Révoquer
            </Button>
          ) : null}
        </Stack>
      ))}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          record();
        }}
      >
        <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', mt: 1 }}>
          <TextField
            size="small"
            type="date"
            label="Mandat signé le"
            value={form.signedOn}
            onChange={(e) => setForm({ ...form, signedOn: e.target.value })}
            error={Boolean(errors.signedOn)}
            helperText={errors.signedOn}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            label="Titulaire du compte"
            value={form.holder}
            onChange={(e) => setForm({ ...form, holder: e.target.value })}
            error={Boolean(errors.holder)}
            helperText={errors.holder}
          />
          <TextField
            size="small"
            label="IBAN du mandat"
            value={form.iban}
            onChange={(e) => setForm({ ...form, iban: e.target.value })}
            error={Boolean(errors.iban)}
            helperText={errors.iban}
            sx={{ minWidth: 280 }}
          />
          <TextField
            size="small"
            label="BIC du mandat"
            value={form.bic}
            onChange={(e) => setForm({ ...form, bic: e.target.value })}
            error={Boolean(errors.bic)}
            helperText={errors.bic}
          />
          <Button type="submit" variant="outlined" disabled={busy}>
            Enregistrer le mandat signé
          </Button>
        </Stack>
      </form>
    </>
  );
}
