import { useEffect, useState } from 'react';
import { Alert, TextField } from '@mui/material';
import { SettingsFormCard } from './SettingsFormCard';
import type { SepaSettingsView } from '../../../shared/contracts/billing';
import { callStaffApi, errorMessage, fieldErrors } from '../api-client';

const FIELDS = [
  ['ics', 'Identifiant créancier SEPA (ICS)'],
  ['creditorName', 'Nom du créancier'],
  ['iban', 'IBAN du compte de la régie'],
  ['bic', 'BIC du compte de la régie'],
] as const;

/** The commune as SEPA creditor (admins): what every debit file carries. */
export function SepaSettingsCard() {
  const [value, setValue] = useState<SepaSettingsView | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    callStaffApi('settings.sepaGet', {}).then(setValue, (e) => setError(errorMessage(e)));
  }, []);
  if (!value) return error ? <Alert severity="error">{error}</Alert> : null;
  const save = async () => {
    setError('');
    setErrors({});
    setMessage('');
    try {
      await callStaffApi('settings.sepa', value);
      setMessage('Créancier SEPA enregistré.');
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };
  return (
    <SettingsFormCard
      title="Prélèvement SEPA (créancier)"
      saveLabel="Enregistrer le créancier SEPA"
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
          error={Boolean(errors[key])}
          helperText={errors[key]}
        />
      ))}
    </SettingsFormCard>
  );
}
