import { useCallback, useEffect, useState } from "react";
import { formTemplates } from "../api/client";
import type { ActiveFilter, FormTemplate } from "../api/client";

interface State {
  key: string | null;
  templates: FormTemplate[] | null;
  error: unknown;
}

/** The company's form templates: active ones, archived ones or all. */
export function useFormTemplates(active: ActiveFilter) {
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<State>({ key: null, templates: null, error: null });
  const key = `${active}:${reloads}`;

  useEffect(() => {
    let cancelled = false;
    formTemplates.list(active).then(
      (templates) => !cancelled && setState({ key, templates, error: null }),
      (error: unknown) => !cancelled && setState((previous) => ({ ...previous, key, error })),
    );
    return () => {
      cancelled = true;
    };
  }, [active, key]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const current = state.key === key;
  return {
    templates: state.templates,
    loading: !current,
    error: current ? state.error : null,
    reload,
  };
}
