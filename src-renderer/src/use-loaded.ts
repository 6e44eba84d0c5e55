import { useEffect, useState } from 'react';
import { errorMessage } from './api-client';

/**
 * What `load` answers, asked again whenever one of `deps` changes; an answer that arrives after
 * the filters changed again is dropped (the screen shows only what its current filters ask).
 */
export function useLoaded<T>(load: () => Promise<T>, initial: T, deps: readonly unknown[]) {
  const [data, setData] = useState<T>(initial);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    let stale = false;
    setLoading(true);
    setError('');
    load()
      .then(
        (value) => {
          if (!stale) setData(value);
        },
        (e) => {
          if (!stale) setError(errorMessage(e));
        },
      )
      .finally(() => {
        if (!stale) setLoading(false);
      });
    return () => {
      stale = true;
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what `load` reads; `load` itself is a new closure each render.
  }, deps);
  return { data, loading, error };
}
