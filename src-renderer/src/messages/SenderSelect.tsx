import { useEffect, useState } from 'react';
import { MenuItem, TextField } from '@mui/material';
import { callStaffApi } from '../api-client';

/** Who a message comes from: the mairie (empty value) or one of the structures. */
export function SenderSelect({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [structures, setStructures] = useState<Array<{ id: number; name: string }>>([]);
  useEffect(() => {
    callStaffApi('structures.list', {}).then(setStructures, () => undefined);
  }, []);
  return (
    <TextField
      select
      label="Expéditeur"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
    >
      <MenuItem value="">Mairie</MenuItem>
      {structures.map((s) => (
        <MenuItem key={s.id} value={String(s.id)}>
          {s.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
