/** The manual's « Icônes situés sur la gauche de l'écran » of the home page. */
export function HomeIcons() {
  const icons = [
    { href: '/changer-mot-de-passe', symbol: '🔒', label: 'Changer mot de passe' },
    { href: '/infos-documents', symbol: 'ℹ️', label: 'Infos./Documents' },
    { href: '/fiche-inscription', symbol: '📝', label: "Fiche d'inscription" },
  ];
  return (
    <nav className="icon-nav" aria-label="Raccourcis">
      <ul>
        {icons.map((icon) => (
          <li key={icon.href}>
            <a href={icon.href}><span className="icon" aria-hidden="true">{icon.symbol}</span>{icon.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
