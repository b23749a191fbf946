import { useCallback, useEffect, useState } from "react";

interface State<T> {
  key: string | null;
  value: T | null;
  error: unknown;
}

/**
 * Something a page loads from the server. `load` must be memoised (useCallback) on what it
 * depends on, and `key` must change with it; `reload` loads again.
 */
export function useResource<T>(key: string, load: () => Promise<T>) {
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<State<T>>({ key: null, value: null, error: null });
  const requestKey = `${key}:${reloads}`;

  useEffect(() => {
    let cancelled = false;
    load().then(
      (value) => !cancelled && setState({ key: requestKey, value, error: null }),
      (error: unknown) => !cancelled && setState({ key: requestKey, value: null, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [requestKey, load]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const current = state.key === requestKey;
  return {
    value: current ? state.value : null,
    /** The last value loaded, kept while the next one loads. */
    lastValue: state.value,
    error: current ? state.error : null,
    loading: !current,
    reload,
  };
}
