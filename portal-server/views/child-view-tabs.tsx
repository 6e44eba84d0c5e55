/** The manual's two views of a child, side by side above each: « Agenda » (the planning) and « Inscriptions en cours ». */
export function ChildViewTabs({ childId, active }: { childId: number; active: 'agenda' | 'inscriptions' }) {
  const tabs = [
    { key: 'agenda', href: `/mes-enfants/${childId}/planning`, label: 'Agenda' },
    { key: 'inscriptions', href: `/mes-enfants/${childId}/inscriptions`, label: 'Inscriptions en cours' },
  ] as const;
  return (
    <nav aria-label="Vues de l'enfant">
      <ul className="filters">
        {tabs.map((tab) => (
          <li key={tab.key}>
            <a href={tab.href} aria-current={tab.key === active ? 'page' : undefined}>
              {tab.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
