import { useEffect } from 'react';
import { MenuItem, TextField } from '@mui/material';

/** One régie among the commune's, the first chosen until the agent picks another. */
export function RegieSelect({
  label,
  regies,
  value,
  onChange,
}: {
  label: string;
  regies: Array<{ id: number; name: string }>;
  value: string;
  onChange: (regieId: string) => void;
}) {
  useEffect(() => {
    if (!value && regies[0]) onChange(String(regies[0].id));
  }, [regies, value, onChange]);
  return (
    <TextField size="small" select label={label} value={value} onChange={(e) => onChange(e.target.value)} sx={{ minWidth: 220 }}>
      {regies.map((r) => (
        <MenuItem key={r.id} value={String(r.id)}>
          {r.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
