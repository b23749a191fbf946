import { useCallback, useEffect, useState } from "react";
import type { ActiveFilter, CatalogResource, Page } from "../api/client";
import { useDebouncedValue } from "../components/useDebouncedValue";

export const PAGE_SIZE = 25;

interface ListState<Entry> {
  /** Which request the page and error answer; loading while it differs from the current one. */
  key: string | null;
  page: Page<Entry> | null;
  error: unknown;
}

/**
 * A catalog list driven by the server: search (debounced), the active filter and the page.
 * Changing the search or the filter goes back to the first page.
 */
export function useCatalogList<Entry, Input>(resource: CatalogResource<Entry, Input>) {
  const [search, setSearchText] = useState("");
  const [active, setActiveFilter] = useState<ActiveFilter>("true");
  const [pageNumber, setPageNumber] = useState(1);
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<ListState<Entry>>({ key: null, page: null, error: null });
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const key = JSON.stringify([debouncedSearch, active, pageNumber, reloads]);

  useEffect(() => {
    let cancelled = false;
    resource.list({ search: debouncedSearch, active, page: pageNumber, pageSize: PAGE_SIZE }).then(
      (page) => {
        if (cancelled) return;
        // An entry deactivated on the last page can leave it empty: step back one page.
        if (page.results.length === 0 && pageNumber > 1) setPageNumber(pageNumber - 1);
        else setState({ key, page, error: null });
      },
      (error: unknown) => !cancelled && setState((previous) => ({ ...previous, key, error })),
    );
    return () => {
      cancelled = true;
    };
  }, [resource, debouncedSearch, active, pageNumber, key]);

  const setSearch = useCallback((value: string) => {
    setSearchText(value);
    setPageNumber(1);
  }, []);
  const setActive = useCallback((value: ActiveFilter) => {
    setActiveFilter(value);
    setPageNumber(1);
  }, []);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  const current = state.key === key;
  return {
    page: state.page,
    loading: !current,
    error: current ? state.error : null,
    search,
    setSearch,
    searching: search.trim() !== debouncedSearch,
    active,
    setActive,
    pageNumber,
    setPageNumber,
    reload,
  };
}
