import { useState } from "react";
import type { ReactNode } from "react";
import type { CatalogResource } from "../api/client";
import { Dialog } from "../components/Dialog";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { Pagination } from "../components/Pagination";
import { CatalogToolbar } from "./CatalogToolbar";
import { StatusBadge } from "./StatusBadge";
import { PAGE_SIZE, useCatalogList } from "./useCatalogList";

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

/** A catalog page (vendors, materials): search, filter, pages, and the admin's editing. */
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
  const list = useCatalogList(resource);
  const [editing, setEditing] = useState<Editing<Entry>>(null);
  const [notice, setNotice] = useState("");
  const [actionError, setActionError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<number | null>(null);

  function onSaved(saved: Entry) {
    setNotice(
      editing?.mode === "create"
        ? `${capitalise(singular)} “${saved.name}” created.`
        : `${capitalise(singular)} “${saved.name}” saved.`,
    );
    setEditing(null);
    list.reload();
  }

  async function setActive(entry: Entry, active: boolean) {
    setBusyId(entry.id);
    setActionError(null);
    setNotice("");
    try {
      const saved = active
        ? await resource.reactivate(entry.id)
        : await resource.deactivate(entry.id);
      setNotice(
        `${capitalise(singular)} “${saved.name}” ${active ? "reactivated" : "deactivated"}.`,
      );
      list.reload();
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusyId(null);
    }
  }

  const page = list.page;
  const filtered = list.search.trim() !== "" || list.active !== "true";

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
          search={list.search}
          onSearchChange={list.setSearch}
          active={list.active}
          onActiveChange={list.setActive}
        />
        <div className="notices">
          <p className="notice" role="status">
            {notice}
          </p>
          <ErrorAlert
            error={actionError}
            title={`Could not update the ${singular}.`}
            onDismiss={() => setActionError(null)}
          />
          <ErrorAlert
            error={list.error}
            title={`Could not load ${plural}.`}
            onRetry={list.reload}
          />
        </div>
        {page === null ? (
          list.loading && <Loading label={`Loading ${plural}…`} />
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
          <div className="table-wrap" aria-busy={list.loading || list.searching}>
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
                        {column.cell(entry, list.reload)}
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
                          onClick={() => setActive(entry, !entry.active)}
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
            page={list.pageNumber}
            pageSize={PAGE_SIZE}
            count={page.count}
            noun={plural}
            onPageChange={list.setPageNumber}
            disabled={list.loading}
          />
        )}
        {page && list.loading && <Loading label={`Updating ${plural}…`} />}
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
