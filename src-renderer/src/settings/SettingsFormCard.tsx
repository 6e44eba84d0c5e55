import type { ReactNode } from 'react';
import { Alert, Button, Card, CardContent, Stack, Typography } from '@mui/material';

/** A settings card: its title, the outcome of the last save, and a form that Enter or the button sends. */
export function SettingsFormCard(props: {
  title: string;
  saveLabel: string;
  message: string;
  error: string;
  onSave: () => void;
  children: ReactNode;
}) {
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {props.title}
        </Typography>
        {props.message ? <Alert severity="success">{props.message}</Alert> : null}
        {props.error ? (
          <Alert severity="error" role="alert">
            {props.error}
          </Alert>
        ) : null}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            props.onSave();
          }}
        >
          <Stack sx={{ gap: 2, mt: 1, maxWidth: 520 }}>
            {props.children}
            <Button type="submit" variant="contained" sx={{ alignSelf: 'flex-start' }}>
              {props.saveLabel}
            </Button>
          </Stack>
        </form>
      </CardContent>
    </Card>
  );
}
