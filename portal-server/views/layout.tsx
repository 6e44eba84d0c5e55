import type { ReactNode } from 'react';
import { formatLongFrenchDate } from '../../shared/domain/french-dates';

export interface HeaderInfo {
  today: string;
  welcomeName: string;
  unreadMessages: number;
}

export const PORTAL_TABS = [
  { href: '/accueil', label: 'Accueil' },
  { href: '/mon-compte', label: 'Mon compte' },
  { href: '/mes-enfants', label: 'Mes enfants' },
  { href: '/releve-de-compte', label: 'Relevé de compte' },
  { href: '/boite-de-reception', label: 'Boîte de réception' },
  { href: '/liste-des-demandes', label: 'Liste des demandes' },
] as const;

function Document({ title, children, script }: { title: string; children: ReactNode; script?: string }) {
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — Portail Famille`}</title>
        <link rel="stylesheet" href="/static/portal.css" />
        {script ? <script src={`/static/${script}`} defer /> : null}
      </head>
      <body>
        <a className="skip-link" href="#contenu">
          Aller au contenu
        </a>
        {children}
      </body>
    </html>
  );
}

/** « Bienvenue JEAN DUPONT, vous avez 1 Nouveau(x) Message(s) Lundi 4 Mai 2015 » */
export function WelcomeLine({ header }: { header: HeaderInfo }) {
  return (
    <p className="welcome">
      <span>
        Bienvenue <strong>{header.welcomeName}</strong>, vous avez{' '}
        <a href="/boite-de-reception">{header.unreadMessages} Nouveau(x) Message(s)</a>
      </span>{' '}
      <span className="today">{formatLongFrenchDate(header.today)}</span>
    </p>
  );
}

/** Every page of a logged-in family: the welcome line, the tab bar and the logout button. */
export function FamilyLayout(props: {
  title: string;
  header: HeaderInfo;
  active: string;
  csrfToken: string;
  children: ReactNode;
  restricted?: boolean;
  /** A page's own small script under /static (the pages work without it). */
  script?: string;
  /** A page that needs the screen's whole width (the month's planning). */
  wide?: boolean;
}) {
  return (
    <Document title={props.title} script={props.script}>
      <header className="site-header">
        <p className="brand">Portail Famille</p>
        <WelcomeLine header={props.header} />
        <nav aria-label="Menu principal">
          <ul className="tabs">
            {(props.restricted ? [] : PORTAL_TABS).map((tab) => (
              <li key={tab.href}>
                <a href={tab.href} aria-current={tab.href === props.active ? 'page' : undefined}>
                  {tab.label}
                </a>
              </li>
            ))}
            <li>
              <form method="post" action="/deconnexion" className="logout">
                <input type="hidden" name="_csrf" value={props.csrfToken} />
                <button type="submit">Déconnexion</button>
              </form>
            </li>
          </ul>
        </nav>
      </header>
      <main id="contenu" tabIndex={-1} className={props.wide ? 'wide' : undefined}>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </Document>
  );
}

/** Pages before login: the « Accès famille » box. */
export function PublicLayout(props: { title: string; children: ReactNode }) {
  return (
    <Document title={props.title}>
      <header className="site-header">
        <p className="brand">Portail Famille</p>
      </header>
      <main id="contenu" tabIndex={-1}>
        {props.children}
      </main>
    </Document>
  );
}
