import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CssBaseline, ThemeProvider, createTheme } from '@mui/material';
import { frFR } from '@mui/material/locale';
import { frFR as dataGridFr } from '@mui/x-data-grid/locales';
import { App } from './App';
import './print.css';

const theme = createTheme({ palette: { primary: { main: '#1d4e89' } } }, dataGridFr, frFR);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <App />
    </ThemeProvider>
  </StrictMode>,
);
