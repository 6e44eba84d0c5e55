import { useEffect, useRef, useState } from 'react';
import { confirmLeaving } from './unsaved-changes';

/** The back-office's few screens are addressed by the URL hash (#/familles/12): works under file:// too. */
const read = () => window.location.hash.replace(/^#/, '') || '/tableau-de-bord';

export function useHashRoute(): [string, (route: string) => void] {
  const [route, setRoute] = useState(read);
  const shown = useRef(route);
  useEffect(() => {
    const onChange = () => {
      const next = read();
      if (next === shown.current) return;
      // A form with unsaved changes: the agent stays, the address goes back to the screen shown.
      if (!confirmLeaving()) {
        window.history.replaceState(null, '', `#${shown.current}`);
        return;
      }
      shown.current = next;
      setRoute(next);
    };
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
