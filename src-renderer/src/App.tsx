import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { AppBar, Box, Button, CircularProgress, Toolbar, Typography } from '@mui/material';
import type { StaffUserView } from '../../shared/contracts/staff';
import { callStaffApi } from './api-client';
import { useHashRoute } from './use-hash-route';
import { confirmLeaving } from './unsaved-changes';
import { StatisticsScreen } from './screens/StatisticsScreen';
import { syncServerClock } from './server-clock';
import { LoginScreen } from './screens/LoginScreen';
import { FamiliesScreen } from './screens/FamiliesScreen';
import { FamilyScreen } from './screens/FamilyScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { RequestsScreen } from './screens/RequestsScreen';
import { AttendanceScreen } from './screens/AttendanceScreen';
import { CapacityScreen } from './screens/CapacityScreen';
import { ServicesScreen } from './screens/ServicesScreen';
import { BillingScreen } from './screens/BillingScreen';
import { PaymentsScreen } from './screens/PaymentsScreen';
import { UnpaidScreen } from './screens/UnpaidScreen';
import { TariffsScreen } from './screens/TariffsScreen';
import { MessagesScreen } from './screens/MessagesScreen';
import { DocumentsScreen } from './screens/DocumentsScreen';
import { DashboardScreen } from './screens/DashboardScreen';
import { AuditScreen } from './screens/AuditScreen';
import { ChangePasswordScreen } from './screens/ChangePasswordScreen';

const MENU = [
  { route: '/tableau-de-bord', label: 'Tableau de bord' },
  { route: '/familles', label: 'Familles' },
  { route: '/demandes', label: 'Demandes' },
  { route: '/pointage', label: 'Pointage' },
  { route: '/capacite', label: 'Capacité' },
  { route: '/messages', label: 'Messages' },
  { route: '/documents', label: 'Documents' },
  { route: '/facturation', label: 'Facturation' },
  { route: '/reglements', label: 'Règlements' },
  { route: '/impayes', label: 'Impayés' },
  { route: '/prestations', label: 'Prestations' },
  { route: '/tarifs', label: 'Tarifs' },
  { route: '/statistiques', label: 'Statistiques' },
  { route: '/journal', label: 'Journal' },
  { route: '/parametres', label: 'Paramètres' },
];

interface ScreenProps {
  user: StaffUserView;
  navigate: (route: string) => void;
}

/** The screens by route: a new screen is one line here and one in MENU. */
const SCREENS: Record<string, (props: ScreenProps) => ReactNode> = {
  '/tableau-de-bord': () => <DashboardScreen />,
  '/familles': ({ navigate }) => (
    <FamiliesScreen onOpenFamily={(id) => navigate(`/familles/${id}`)} onNewFamily={() => navigate('/familles/nouvelle')} />
  ),
  '/demandes': () => <RequestsScreen />,
  '/pointage': () => <AttendanceScreen />,
  '/capacite': () => <CapacityScreen />,
  '/messages': () => <MessagesScreen />,
  '/documents': () => <DocumentsScreen />,
  '/facturation': () => <BillingScreen />,
  '/reglements': () => <PaymentsScreen />,
  '/impayes': () => <UnpaidScreen />,
  '/prestations': ({ user }) => <ServicesScreen user={user} />,
  '/tarifs': ({ user }) => <TariffsScreen user={user} />,
  '/statistiques': () => <StatisticsScreen />,
  '/journal': ({ navigate }) => <AuditScreen onOpenFamily={(id) => navigate(`/familles/${id}`)} />,
  '/parametres': ({ user }) => <SettingsScreen user={user} />,
};

export function App() {
  const [user, setUser] = useState<StaffUserView | null | undefined>(undefined);
  const [route, navigate] = useHashRoute();

  // Signed in: the server's clock is read before any screen shows, as every « today » comes from it.
  const signedIn = useCallback(async (signed: StaffUserView) => {
    await syncServerClock().catch(() => undefined);
    setUser(signed);
  }, []);
  useEffect(() => {
    callStaffApi('auth.me', {}).then(signedIn, () => setUser(null));
  }, [signedIn]);

  if (user === undefined) {
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <CircularProgress aria-label="Chargement" />
      </Box>
    );
  }
  if (user === null) return <LoginScreen onLoggedIn={signedIn} />;

  const logout = async () => {
    if (!confirmLeaving()) return;
    await callStaffApi('auth.logout', {}).catch(() => undefined);
    setUser(null);
  };
  // A password reset by an admin: nothing opens before the agent has chosen their own.
  if (user.mustChangePassword) return <ChangePasswordScreen user={user} onChanged={setUser} onLogout={logout} />;
  const familyMatch = /^\/familles\/(\d+|nouvelle)$/.exec(route);
  const screen = Object.hasOwn(SCREENS, route) ? SCREENS[route] : undefined;
  return (
    <>
      <AppBar position="static" component="header" className="no-print">
        {/* On a phone the title, the name and the button wrap onto lines of their own rather than overflow. */}
        <Toolbar sx={{ columnGap: 2, flexWrap: 'wrap', py: { xs: 1, sm: 0 } }}>
          <Typography variant="h6" component="p" sx={{ flexGrow: 1, fontSize: { xs: '1.05rem', sm: '1.25rem' } }}>
            Portail Famille — Back-office
          </Typography>
          <Typography component="span">{user.displayName}</Typography>
          <Button color="inherit" variant="outlined" onClick={logout} sx={{ whiteSpace: 'nowrap' }}>
            Se déconnecter
          </Button>
        </Toolbar>
        {/* Fifteen screens: their own row, wrapping on a narrow window rather than overlapping. */}
        <Toolbar
          component="nav"
          aria-label="Menu principal"
          variant="dense"
          sx={{ flexWrap: 'wrap', columnGap: 0.5, bgcolor: 'primary.dark' }}
        >
          {MENU.map((entry) => {
            const current = route === entry.route || (entry.route === '/familles' && route.startsWith('/familles/'));
            return (
              <Button
                key={entry.route}
                color="inherit"
                href={`#${entry.route}`}
                aria-current={current ? 'page' : undefined}
                sx={{ whiteSpace: 'nowrap', borderBottom: 2, borderColor: current ? 'common.white' : 'transparent', borderRadius: 0 }}
              >
                {entry.label}
              </Button>
            );
          })}
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ p: 3 }}>
        {screen ? (
          screen({ user, navigate })
        ) : familyMatch ? (
          <FamilyScreen
            key={familyMatch[1]}
            familyId={familyMatch[1] === 'nouvelle' ? null : Number(familyMatch[1])}
            onOpenFamily={(id) => navigate(`/familles/${id}`)}
          />
        ) : (
          <DashboardScreen />
        )}
      </Box>
    </>
  );
}
