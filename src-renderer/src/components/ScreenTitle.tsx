import { Alert, Typography } from '@mui/material';
import { ErrorAlert } from './ErrorAlert';

/** A screen's title, with the outcome of the agent's last action (dismissible) and any error. */
export function ScreenTitle({
  title,
  message,
  onDismiss,
  error,
}: {
  title: string;
  message: string;
  onDismiss: () => void;
  error: string;
}) {
  return (
    <>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        {title}
      </Typography>
      {message ? (
        <Alert severity="success" sx={{ mb: 2 }} onClose={onDismiss}>
          {message}
        </Alert>
      ) : null}
      <ErrorAlert error={error} />
    </>
  );
}
