import type { ReactElement } from 'react';

// Small inline SVG icons (no icon font, no emoji font needed); decorative, the text says it all.
const svg = (path: ReactElement) => (
  <svg className="icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
    {path}
  </svg>
);
export const PADLOCK = svg(
  <path
    fill="currentColor"
    d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5Zm-3 8V7a3 3 0 1 1 6 0v3H9Zm3 3a2 2 0 0 1 1 3.73V19h-2v-2.27A2 2 0 0 1 12 13Z"
  />,
);
export const INFO = svg(
  <path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm0 4.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3ZM10.5 11h3v7h-3v-7Z" />,
);
export const FORM = svg(
  <path
    fill="currentColor"
    d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm7 1.5V9h5.5L13 3.5ZM7 12v2h10v-2H7Zm0 4v2h7v-2H7Z"
  />,
);

export const PERSON = svg(
  <path fill="currentColor" d="M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10Zm0 2c-4.4 0-8 2.2-8 5v3h16v-3c0-2.8-3.6-5-8-5Z" />,
);
export const PLUS = svg(<path fill="currentColor" d="M11 4h2v7h7v2h-7v7h-2v-7H4v-2h7V4Z" />);

export interface IconLink {
  href: string;
  icon: ReactElement;
  label: string;
}

/** The manual's icons on the left of a page, as a labelled list of links (keyboard and screen readers alike). */
export function IconNav({ label, items }: { label: string; items: IconLink[] }) {
  return (
    <nav className="icon-nav" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <a href={item.href}>
              {item.icon}
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The manual's « Icônes situés sur la gauche de l'écran » of the home page. */
export function HomeIcons() {
  return (
    <IconNav
      label="Raccourcis"
      items={[
        { href: '/changer-mot-de-passe', icon: PADLOCK, label: 'Changer mot de passe' },
        { href: '/infos-documents', icon: INFO, label: 'Infos./Documents' },
        { href: '/fiche-inscription', icon: FORM, label: "Fiche d'inscription" },
      ]}
    />
  );
}
