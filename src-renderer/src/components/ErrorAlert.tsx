import { Alert } from '@mui/material';

/** What went wrong with the agent's last action, announced to screen readers; nothing when all is well. */
export function ErrorAlert({ error }: { error: string }) {
  if (!error) return null;
  return (
    <Alert severity="error" role="alert" sx={{ mb: 2 }}>
      {error}
    </Alert>
  );
}
