import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CssBaseline, ThemeProvider, createTheme } from '@mui/material';
import { frFR } from '@mui/material/locale';
import { frFR as dataGridFr } from '@mui/x-data-grid/locales';
import { App } from './App';
import './print.css';

// MUI's default warning orange (#ed6c02) reads at 3:1 on white: a darker one passes WCAG AA (4.5:1) as text and as a background.
const theme = createTheme({ palette: { primary: { main: '#1d4e89' }, warning: { main: '#9a4a00' } } }, dataGridFr, frFR);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <App />
    </ThemeProvider>
  </StrictMode>,
);
