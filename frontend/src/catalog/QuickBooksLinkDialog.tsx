import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api/client";
import { Dialog } from "../components/Dialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { TextField } from "../components/Field";
import { Loading } from "../components/Loading";
import { useDebouncedValue } from "../components/useDebouncedValue";
import {
  quickBooksKeys,
  quickBooksLinkSave,
  quickBooksLinksQueryOptions,
  quickBooksRecordsQueryOptions,
  quickBooksStatusQueryOptions,
} from "../settings/quickbooks/api";
import type { QuickBooksLinkKind } from "../settings/quickbooks/api";
import { QuickBooksLink } from "./StatusBadge";

const NOUNS: Record<QuickBooksLinkKind, string> = {
  vendor: "vendor",
  material: "item",
  customer: "customer",
};

interface QuickBooksLinkDialogProps {
  kind: QuickBooksLinkKind;
  entry: { id: number; name: string };
  /** The QuickBooks id the row is linked to now, or blank. */
  linkedId: string;
  onClose: () => void;
  onSaved: () => void;
}

/**
 * An admin links a vendor, material or customer to a QuickBooks record found by name, or unlinks
 * it.
 */
export function QuickBooksLinkDialog({
  kind,
  entry,
  linkedId,
  onClose,
  onSaved,
}: QuickBooksLinkDialogProps) {
  const noun = NOUNS[kind];
  const queryClient = useQueryClient();
  const status = useQuery(quickBooksStatusQueryOptions());
  const connection = status.data?.connection;
  const connected = connection?.status === "active";
  const [search, setSearch] = useState("");
  const term = useDebouncedValue(search.trim(), 300);
  const records = useQuery({ ...quickBooksRecordsQueryOptions(kind, term), enabled: connected });
  const save = useMutation({
    mutationFn: (qboId: string) => quickBooksLinkSave(kind, entry.id, qboId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...quickBooksKeys.all, "records"] });
      void queryClient.invalidateQueries({ queryKey: quickBooksKeys.links(kind) });
      onSaved();
    },
  });

  // Why the server refused the pick (already linked elsewhere, unknown to QuickBooks...).
  const refusals = save.error instanceof ApiError ? (save.error.fieldErrors.qbo_id ?? []) : [];

  return (
    <Dialog title={`QuickBooks link of “${entry.name}”`} onClose={onClose}>
      <p role="status">
        {linkedId
          ? `Linked to the QuickBooks ${noun} with id ${linkedId}.`
          : `Not linked to a QuickBooks ${noun}.`}
      </p>
      {status.isPending && <Loading label="Checking the QuickBooks connection…" />}
      {status.data && !connected && (
        <div className="alert alert-info">
          <span>
            QuickBooks Online{" "}
            {connection?.status === "needs_reconnect"
              ? "needs to be reconnected"
              : "is not connected"}
            .{" "}
            <Link to="/settings/integrations/quickbooks">
              Go to Settings &gt; QuickBooks Online
            </Link>{" "}
            to link {noun}s.
          </span>
        </div>
      )}
      {connected && (
        <>
          <TextField
            label={`Search QuickBooks ${noun}s`}
            type="search"
            value={search}
            maxLength={200}
            placeholder="Part of the name"
            onChange={(event) => setSearch(event.target.value)}
          />
          {records.isFetching && <Loading label="Searching QuickBooks…" />}
          {records.data?.length === 0 && <p className="muted">No QuickBooks {noun}s match.</p>}
          {records.data && records.data.length > 0 && (
            <ul className="quickbooks-records" aria-label={`QuickBooks ${noun}s`}>
              {records.data.map((record) => (
                <li key={record.id}>
                  <span>
                    <span className="cell-strong">{record.name}</span>
                    <span className="cell-secondary">
                      Id {record.id}
                      {record.linked_to_id !== null &&
                        record.linked_to_id !== entry.id &&
                        ` · linked to “${record.linked_to_name}”`}
                    </span>
                  </span>
                  {record.id === linkedId ? (
                    <span className="badge badge-info">Linked</span>
                  ) : (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={save.isPending}
                      onClick={() => save.mutate(record.id)}
                      aria-label={`Link to ${record.name}`}
                    >
                      Link
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <ErrorAlert error={status.error ?? records.error} title="Could not reach QuickBooks." />
      {refusals.length > 0 ? (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">
            <strong className="alert-title">Could not change the link.</strong>
            <span>{refusals.join(" ")}</span>
          </div>
        </div>
      ) : (
        <ErrorAlert error={save.error} title="Could not change the link." />
      )}
      <div className="form-actions">
        {linkedId && (
          <button
            type="button"
            className="button button-ghost"
            disabled={save.isPending}
            onClick={() => save.mutate("")}
          >
            Unlink
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

interface QuickBooksLinkCellProps {
  kind: QuickBooksLinkKind;
  entry: { id: number; name: string };
  /** Admins change the link; members see whether there is one. */
  canEdit: boolean;
}

/**
 * The QuickBooks column of a catalog row: linked or not, and the admin's Change button. The
 * links are the integration's, one query per catalog shared by every row of the page.
 */
export function QuickBooksLinkCell({ kind, entry, canEdit }: QuickBooksLinkCellProps) {
  const [open, setOpen] = useState(false);
  const links = useQuery(quickBooksLinksQueryOptions(kind));
  const linkedId = links.data?.get(entry.id) ?? "";
  return (
    <span className="quickbooks-link-cell">
      {links.isPending ? (
        <span className="muted">…</span>
      ) : links.isError ? (
        <span className="muted" title={links.error.message}>
          Unknown
        </span>
      ) : (
        <QuickBooksLink remoteId={linkedId} />
      )}
      {canEdit && (
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={() => setOpen(true)}
          aria-label={`Change the QuickBooks link of ${entry.name}`}
        >
          Change
        </button>
      )}
      {open && (
        <QuickBooksLinkDialog
          kind={kind}
          entry={entry}
          linkedId={linkedId}
          onClose={() => setOpen(false)}
          onSaved={() => setOpen(false)}
        />
      )}
    </span>
  );
}
