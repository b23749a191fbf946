import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ReactNode } from "react";
import type { ActiveFilter, CatalogResource } from "../api/client";
import { Dialog } from "../components/Dialog";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { Pagination } from "../components/Pagination";
import { useDebouncedValue } from "../components/useDebouncedValue";
import { CatalogToolbar } from "./CatalogToolbar";
import { StatusBadge } from "./StatusBadge";

const PAGE_SIZE = 25;

interface CatalogEntry {
  id: number;
  name: string;
  active: boolean;
}

export interface Column<Entry> {
  header: string;
  /** `reload` fetches the list again, after a cell changed its entry. */
  cell: (entry: Entry, reload: () => void) => ReactNode;
  numeric?: boolean;
}

interface CatalogTableProps<Entry extends CatalogEntry, Input> {
  title: string;
  description: string;
  singular: string;
  plural: string;
  resource: CatalogResource<Entry, Input>;
  columns: Column<Entry>[];
  /** Admins create, edit, deactivate and reactivate; members only read. */
  canEdit: boolean;
  renderForm: (
    entry: Entry | undefined,
    onSaved: (saved: Entry) => void,
    onCancel: () => void,
  ) => ReactNode;
}

type Editing<Entry> = { mode: "create" } | { mode: "edit"; entry: Entry } | null;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A catalog page (vendors, materials): search (on the server, once typing pauses), the active
 * filter and pages, and the admin's editing. Changing the search or the filter goes back to the
 * first page; the last page shown stays while the next one loads.
 */
export function CatalogTable<Entry extends CatalogEntry, Input>({
  title,
  description,
  singular,
  plural,
  resource,
  columns,
  canEdit,
  renderForm,
}: CatalogTableProps<Entry, Input>) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [active, setActive] = useState<ActiveFilter>("true");
  const [pageNumber, setPageNumber] = useState(1);
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const params = { search: debouncedSearch, active, page: pageNumber, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: [resource.name, "list", params],
    queryFn: () => resource.list(params),
    placeholderData: keepPreviousData,
  });
  const [editing, setEditing] = useState<Editing<Entry>>(null);
  const [notice, setNotice] = useState("");
  const reload = () => void queryClient.invalidateQueries({ queryKey: [resource.name] });
  const activation = useMutation({
    mutationFn: ({ entry, active }: { entry: Entry; active: boolean }) =>
      active ? resource.reactivate(entry.id) : resource.deactivate(entry.id),
    onMutate: () => setNotice(""),
    onSuccess: (saved, { active }) =>
      setNotice(
        `${capitalise(singular)} “${saved.name}” ${active ? "reactivated" : "deactivated"}.`,
      ),
    onSettled: reload,
  });
  const busyId = activation.isPending ? activation.variables.entry.id : null;

  const page = list.data;
  // An entry deactivated on the last page can leave it empty: step back one page.
  if (page && !list.isPlaceholderData && page.results.length === 0 && pageNumber > 1) {
    setPageNumber(pageNumber - 1);
  }
  const loading = list.isFetching;
  const filtered = search.trim() !== "" || active !== "true";

  function onSaved(saved: Entry) {
    setNotice(
      editing?.mode === "create"
        ? `${capitalise(singular)} “${saved.name}” created.`
        : `${capitalise(singular)} “${saved.name}” saved.`,
    );
    setEditing(null);
    reload();
  }

  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          canEdit && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setNotice("");
                setEditing({ mode: "create" });
              }}
            >
              New {singular}
            </button>
          )
        }
      />
      <div className="card">
        <CatalogToolbar
          noun={plural}
          search={search}
          onSearchChange={(value) => {
            setSearch(value);
            setPageNumber(1);
          }}
          active={active}
          onActiveChange={(value) => {
            setActive(value);
            setPageNumber(1);
          }}
        />
        <div className="notices">
          <p className="notice" role="status">
            {notice}
          </p>
          <ErrorAlert
            error={activation.error}
            title={`Could not update the ${singular}.`}
            onDismiss={() => activation.reset()}
          />
          <ErrorAlert
            error={list.error}
            title={`Could not load ${plural}.`}
            onRetry={() => list.refetch()}
          />
        </div>
        {page === undefined ? (
          list.isPending && <Loading label={`Loading ${plural}…`} />
        ) : page.results.length === 0 ? (
          <EmptyState title={filtered ? `No ${plural} match` : `No ${plural} yet`}>
            {filtered ? (
              <p>Try another search or filter.</p>
            ) : canEdit ? (
              <p>Use “New {singular}” to add the first one.</p>
            ) : (
              <p>An admin of your company can add them.</p>
            )}
          </EmptyState>
        ) : (
          <div className="table-wrap" aria-busy={loading || search.trim() !== debouncedSearch}>
            <table className="table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th
                      key={column.header}
                      scope="col"
                      className={column.numeric ? "numeric" : undefined}
                    >
                      {column.header}
                    </th>
                  ))}
                  <th scope="col">Status</th>
                  {canEdit && (
                    <th scope="col" className="actions">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {page.results.map((entry) => (
                  <tr key={entry.id} className={entry.active ? undefined : "row-inactive"}>
                    {columns.map((column) => (
                      <td key={column.header} className={column.numeric ? "numeric" : undefined}>
                        {column.cell(entry, reload)}
                      </td>
                    ))}
                    <td>
                      <StatusBadge active={entry.active} />
                    </td>
                    {canEdit && (
                      <td className="actions">
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => {
                            setNotice("");
                            setEditing({ mode: "edit", entry });
                          }}
                          aria-label={`Edit ${entry.name}`}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="button button-small button-ghost"
                          onClick={() => activation.mutate({ entry, active: !entry.active })}
                          disabled={busyId === entry.id}
                          aria-label={`${entry.active ? "Deactivate" : "Reactivate"} ${entry.name}`}
                        >
                          {entry.active ? "Deactivate" : "Reactivate"}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page && page.count > 0 && (
          <Pagination
            page={pageNumber}
            pageSize={PAGE_SIZE}
            count={page.count}
            noun={plural}
            onPageChange={setPageNumber}
            disabled={loading}
          />
        )}
        {page && loading && <Loading label={`Updating ${plural}…`} />}
      </div>
      {editing && (
        <Dialog
          title={editing.mode === "create" ? `New ${singular}` : `Edit ${singular}`}
          onClose={() => setEditing(null)}
        >
          {renderForm(editing.mode === "edit" ? editing.entry : undefined, onSaved, () =>
            setEditing(null),
          )}
        </Dialog>
      )}
    </>
  );
}
