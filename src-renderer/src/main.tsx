import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CssBaseline, ThemeProvider, createTheme } from '@mui/material';
import { frFR } from '@mui/material/locale';
import { frFR as dataGridFr } from '@mui/x-data-grid/locales';
import { App } from './App';
import './print.css';

// MUI's default warning orange (#ed6c02) reads at 3:1 on white: a darker one passes WCAG AA (4.5:1) as text and as a background.
const theme = createTheme(
  {
    palette: { primary: { main: '#1d4e89' }, warning: { main: '#9a4a00' } },
    components: {
      // On a phone a dialog takes the whole width but a margin: its tables get the room there is.
      MuiDialog: {
        styleOverrides: {
          paper: ({ theme: t }) => ({
            [t.breakpoints.down('sm')]: {
              margin: t.spacing(1),
              width: `calc(100% - ${t.spacing(2)})`,
              maxHeight: `calc(100% - ${t.spacing(2)})`,
            },
          }),
        },
      },
    },
  },
  dataGridFr,
  frFR,
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <App />
    </ThemeProvider>
  </StrictMode>,
);
