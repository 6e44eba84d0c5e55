import { useEffect, useState } from 'react';
import { Alert, Stack, TextField, Typography } from '@mui/material';
import { SettingsFormCard } from './SettingsFormCard';
import type { PesSettingsView } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage } from '../api-client';

const FIELDS = [
  ['idPost', 'Code du poste comptable (IdPost, 6 chiffres)'],
  ['siret', 'SIRET de la commune (IdColl, 14 chiffres)'],
  ['codCol', 'Code collectivité (CodCol)'],
  ['codBud', 'Code budget (CodBud)'],
  ['sigle', 'Sigle de l’émetteur'],
] as const;

/**
 * What the trésorerie gives the commune for its PES V2 files, and each service's product code
 * and budget nature: the DGFiP leaves them to each commune, so they are settings (admins).
 */
export function PesSettingsCard() {
  const [value, setValue] = useState<PesSettingsView | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    callStaffApi('settings.pesGet', {}).then(setValue, (e) => setError(errorMessage(e)));
  }, []);
  if (!value) return error ? <Alert severity="error">{error}</Alert> : null;
  const save = async () => {
    setError('');
    setMessage('');
    try {
      await callStaffApi('settings.pes', {
        ...value,
        services: value.services.map(({ serviceId, productCode, nature }) => ({ serviceId, productCode, nature })),
      });
      setMessage('Identifiants PES enregistrés.');
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const setService = (serviceId: number, change: Partial<{ productCode: string; nature: string }>) =>
    setValue({ ...value, services: value.services.map((s) => (s.serviceId === serviceId ? { ...s, ...change } : s)) });
  return (
    <SettingsFormCard
      title="Titres pour la trésorerie (PES V2)"
      saveLabel="Enregistrer les identifiants PES"
      message={message}
      error={error}
      onSave={save}
    >
      {FIELDS.map(([key, label]) => (
        <TextField
          key={key}
          size="small"
          label={label}
          value={value[key]}
          onChange={(e) => setValue({ ...value, [key]: e.target.value })}
        />
      ))}
      {value.services.map((s) => (
        <Stack key={s.serviceId} direction="row" sx={{ gap: 1, alignItems: 'center' }}>
          <Typography sx={{ flexGrow: 1 }}>{s.name}</Typography>
          <TextField
            size="small"
            label={`Code produit — ${s.name}`}
            value={s.productCode}
            onChange={(e) => setService(s.serviceId, { productCode: e.target.value })}
            sx={{ width: 160 }}
          />
          <TextField
            size="small"
            label={`Nature — ${s.name}`}
            value={s.nature}
            onChange={(e) => setService(s.serviceId, { nature: e.target.value })}
            sx={{ width: 140 }}
          />
        </Stack>
      ))}
    </SettingsFormCard>
  );
}
