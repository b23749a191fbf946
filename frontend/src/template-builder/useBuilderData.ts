import { useCallback, useEffect, useState } from "react";
import { formTemplates, formTypes, listFieldTypes } from "../api/client";
import type { FieldTypeInfo, FormTemplate, FormType } from "../api/client";

export interface BuilderData {
  fieldTypes: FieldTypeInfo[];
  formTypes: FormType[];
  /** The template being edited; null for a new one. */
  template: FormTemplate | null;
}

interface LoadState {
  key: string | null;
  data: BuilderData | null;
  error: unknown;
}

/** What the builder needs before it can show anything: field types, form types, the template. */
export function useBuilderData(templateId: number | null) {
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<LoadState>({ key: null, data: null, error: null });
  const key = `${templateId}:${reloads}`;

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      listFieldTypes(),
      formTypes.list(),
      templateId === null ? Promise.resolve(null) : formTemplates.get(templateId),
    ]).then(
      ([fieldTypes, types, template]) =>
        !cancelled &&
        setState({ key, data: { fieldTypes, formTypes: types, template }, error: null }),
      (error: unknown) => !cancelled && setState({ key, data: null, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [templateId, key]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: !current,
    reload,
  };
}
