import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { versionsQueryOptions } from "./api";

interface VersionHistoryProps {
  workflowId: number;
  viewing: number | null;
  onView: (number: number) => void;
  onRestore: (number: number) => void;
  restoring: boolean;
  onClose: () => void;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The published versions, newest first: view one read-only, or restore it as the draft. */
export function VersionHistory({
  workflowId,
  viewing,
  onView,
  onRestore,
  restoring,
  onClose,
}: VersionHistoryProps) {
  const versions = useQuery(versionsQueryOptions(workflowId));
  return (
    <aside className="configure-drawer" aria-labelledby="history-heading">
      <header className="configure-header">
        <h2 id="history-heading">Version history</h2>
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={onClose}
          aria-label="Close version history"
        >
          ×
        </button>
      </header>
      {versions.isPending && <Loading label="Loading versions…" />}
      <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />
      {versions.data?.length === 0 && <p className="muted">Nothing has been published yet.</p>}
      <ol className="version-list">
        {versions.data?.map((version) => (
          <li key={version.number} className={viewing === version.number ? "is-viewing" : ""}>
            <div>
              <strong>Version {version.number}</strong>
              <div className="muted">
                {dateTime.format(new Date(version.published_at))}
                {version.published_by && ` · ${version.published_by.display_name}`}
              </div>
            </div>
            <div className="version-actions">
              <button
                type="button"
                className="button button-small"
                onClick={() => onView(version.number)}
                aria-label={`View version ${version.number}`}
              >
                View
              </button>
              <button
                type="button"
                className="button button-small"
                disabled={restoring}
                onClick={() => onRestore(version.number)}
                aria-label={`Restore version ${version.number} as draft`}
              >
                Restore as draft
              </button>
            </div>
          </li>
        ))}
      </ol>
    </aside>
  );
}
