import { useEffect, useState } from 'react';

/** The back-office's few screens are addressed by the URL hash (#/familles/12): works under file:// too. */
const read = () => window.location.hash.replace(/^#/, '') || '/tableau-de-bord';

export function useHashRoute(): [string, (route: string) => void] {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [
    route,
    (next: string) => {
      window.location.hash = next;
    },
  ];
}
