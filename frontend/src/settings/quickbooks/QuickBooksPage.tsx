import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/client";
import { useCurrentUser } from "../../auth/session";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SelectField } from "../../components/Field";
import { Loading } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import {
  quickBooksAccountsQueryOptions,
  quickBooksAccountsSave,
  quickBooksConnect,
  quickBooksDisconnect,
  quickBooksImportsQueryOptions,
  quickBooksImportStart,
  quickBooksKeys,
  quickBooksPreferencesRefresh,
  quickBooksStatusQueryOptions,
} from "./api";
import type { CompanyPreferences, QuickBooksAccount, QuickBooksConnection } from "./api";
import { ImportProposals } from "./ImportProposals";
import "./quickbooks.css";

function when(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : "—";
}

/** Settings > Integrations > QuickBooks Online: connect, status, accounts, import, disconnect. */
export function QuickBooksPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const status = useQuery({ ...quickBooksStatusQueryOptions(), enabled: user.is_admin });
  const connect = useMutation({
    mutationFn: quickBooksConnect,
    onSuccess: ({ authorization_url }) => window.location.assign(authorization_url),
  });
  const returned = params.get("connected") === "1";
  const returnedError = params.get("error");

  const header = (
    <PageHeader
      title="QuickBooks Online"
      description={
        <>
          <Link to="/settings">Settings</Link> › Integrations › QuickBooks Online
        </>
      }
    />
  );
  if (!user.is_admin) {
    return (
      <>
        {header}
        <p className="muted">Only company admins can manage the QuickBooks connection.</p>
      </>
    );
  }
  if (status.isPending) return <Loading />;
  if (status.isError) {
    return (
      <>
        {header}
        <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
      </>
    );
  }
  const connection = status.data.connection;
  const state = connection?.status ?? "disconnected";

  return (
    <>
      {header}
      {returned && state === "active" && (
        <div className="alert alert-success" role="status">
          QuickBooks Online is connected to {connection?.company_name}.
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={() => setParams({})}
            aria-label="Dismiss"
          >
            ×
          </button>
        </div>
      )}
      {returnedError && (
        <div className="alert alert-error" role="alert">
          {returnedError}
        </div>
      )}
      <ErrorAlert error={connect.error} />
      <section className="card settings-section" aria-labelledby="qbo-connection">
        <h2 id="qbo-connection">Connection</h2>
        {state === "disconnected" && (
          <>
            <p>
              Connect your QuickBooks Online company so that workflows can create purchase orders in
              it. You will choose the company on QuickBooks&apos; own page and come back here.
            </p>
            <button
              type="button"
              className="button button-primary"
              onClick={() => connect.mutate()}
              disabled={connect.isPending}
            >
              {connect.isPending ? "Opening QuickBooks…" : "Connect to QuickBooks"}
            </button>
          </>
        )}
        {state === "needs_reconnect" && (
          <div className="alert alert-warning" role="alert">
            <div className="alert-body">
              <strong className="alert-title">Needs reconnection</strong>
              <span>
                QuickBooks no longer accepts this app&apos;s sign-in. Purchase orders wait until you
                reconnect, then sync by themselves.
              </span>
            </div>
            <button
              type="button"
              className="button button-primary"
              onClick={() => connect.mutate()}
              disabled={connect.isPending}
            >
              Reconnect
            </button>
          </div>
        )}
        {connection && state !== "disconnected" && <ConnectionDetails connection={connection} />}
      </section>
      {connection && state === "active" && (
        <>
          <PreferencesSection connection={connection} />
          <AccountsSection connection={connection} />
          <ImportSection />
          <DisconnectSection />
        </>
      )}
    </>
  );
}

function ConnectionDetails({ connection }: { connection: QuickBooksConnection }) {
  return (
    <dl className="details">
      <dt>Status</dt>
      <dd>
        <span
          className={`badge ${connection.status === "active" ? "badge-success" : "badge-danger"}`}
        >
          {connection.status === "active" ? "Connected" : "Needs reconnection"}
        </span>
      </dd>
      <dt>Company</dt>
      <dd>{connection.company_name || "—"}</dd>
      <dt>Realm ID</dt>
      <dd>{connection.realm_id}</dd>
      <dt>Connected since</dt>
      <dd>
        {when(connection.connected_at)}
        {connection.connected_by ? ` by ${connection.connected_by}` : ""}
      </dd>
      <dt>Last sync</dt>
      <dd>{when(connection.last_sync_at)}</dd>
    </dl>
  );
}

const CLASS_TRACKING: Record<CompanyPreferences["class_tracking"], string> = {
  off: "Off",
  per_line: "One class to each line",
  per_transaction: "One class to each purchase order",
};

function onOff(value: boolean): string {
  return value ? "On" : "Off";
}

/** The QuickBooks company's own settings, read-only here: they are changed in QuickBooks. */
function PreferencesSection({ connection }: { connection: QuickBooksConnection }) {
  const queryClient = useQueryClient();
  const refresh = useMutation({
    mutationFn: quickBooksPreferencesRefresh,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: quickBooksKeys.status() }),
        // Whether the 'Sync with QuickBooks' step is offered depends on them.
        queryClient.invalidateQueries({ queryKey: ["step-types"] }),
      ]),
  });
  const preferences = connection.preferences;
  return (
    <section className="card settings-section" aria-labelledby="qbo-preferences">
      <h2 id="qbo-preferences">QuickBooks company settings</h2>
      <p className="muted">
        Read from QuickBooks when you connected and daily before syncing; change them in QuickBooks
        (Settings › Account and settings), then refresh here.
      </p>
      {!preferences.purchase_orders && (
        <div className="alert alert-warning" role="alert">
          Purchase orders are turned off in QuickBooks, so the Sync with QuickBooks step cannot be
          used. Turn on purchase orders in QuickBooks: Settings › Account and settings › Expenses ›
          Purchase orders, then refresh here.
        </div>
      )}
      <dl className="details">
        <dt>Purchase orders</dt>
        <dd>{onOff(preferences.purchase_orders)}</dd>
        <dt>Custom transaction numbers</dt>
        <dd>
          {preferences.custom_doc_numbers
            ? "On: purchase orders keep our number"
            : "Off: QuickBooks numbers purchase orders; ours goes in their memo"}
        </dd>
        <dt>Class tracking</dt>
        <dd>{CLASS_TRACKING[preferences.class_tracking]}</dd>
        <dt>Billable expenses</dt>
        <dd>{onOff(preferences.billable_expenses)}</dd>
        <dt>Home currency</dt>
        <dd>{preferences.home_currency}</dd>
        <dt>Multicurrency</dt>
        <dd>{onOff(preferences.multi_currency)}</dd>
        <dt>Read</dt>
        <dd>{when(connection.preferences_read_at)}</dd>
      </dl>
      <ErrorAlert error={refresh.error} />
      <button
        type="button"
        className="button"
        onClick={() => refresh.mutate()}
        disabled={refresh.isPending}
      >
        {refresh.isPending ? "Reading from QuickBooks…" : "Refresh from QuickBooks"}
      </button>
    </section>
  );
}

const ACCOUNT_ROLES = [
  {
    key: "payable_account_id",
    label: "Accounts payable (purchase orders)",
    types: ["Accounts Payable"],
  },
  { key: "income_account_id", label: "Income (new items)", types: ["Income", "Other Income"] },
  {
    key: "expense_account_id",
    label: "Expense (new items)",
    types: ["Cost of Goods Sold", "Expense", "Other Expense"],
  },
] as const;

type AccountKey = (typeof ACCOUNT_ROLES)[number]["key"];

function AccountsSection({ connection }: { connection: QuickBooksConnection }) {
  const queryClient = useQueryClient();
  const accounts = useQuery(quickBooksAccountsQueryOptions());
  const [chosen, setChosen] = useState<Record<AccountKey, string>>({
    payable_account_id: connection.payable_account_id,
    income_account_id: connection.income_account_id,
    expense_account_id: connection.expense_account_id,
  });
  const save = useMutation({
    mutationFn: () => quickBooksAccountsSave(chosen),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: quickBooksKeys.status() }),
  });
  return (
    <section className="card settings-section" aria-labelledby="qbo-accounts">
      <h2 id="qbo-accounts">Default accounts</h2>
      <p className="muted">
        Purchase orders are filed under the payable account; items created for unlinked materials
        use the income and expense accounts.
      </p>
      {accounts.isPending && <Loading label="Loading accounts…" />}
      <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} />
      {accounts.data && (
        <form
          className="qbo-stack"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          {ACCOUNT_ROLES.map((role) => (
            <SelectField
              key={role.key}
              label={role.label}
              value={chosen[role.key]}
              errors={save.error instanceof ApiError ? save.error.fieldErrors[role.key] : undefined}
              onChange={(event) => setChosen({ ...chosen, [role.key]: event.target.value })}
            >
              <option value="">Choose an account</option>
              {accounts.data
                .filter((account: QuickBooksAccount) =>
                  (role.types as readonly string[]).includes(account.type),
                )
                .map((account: QuickBooksAccount) => (
                  <option key={account.id} value={account.id}>
                    {account.name}
                  </option>
                ))}
            </SelectField>
          ))}
          <ErrorAlert error={save.error} />
          <div>
            <button type="submit" className="button" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save accounts"}
            </button>
            {save.isSuccess && (
              <span className="muted" role="status">
                {" "}
                Saved.
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

function ImportSection() {
  const queryClient = useQueryClient();
  const [includeServices, setIncludeServices] = useState(false);
  const imports = useQuery(quickBooksImportsQueryOptions());
  const start = useMutation({
    mutationFn: () => quickBooksImportStart(includeServices),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: quickBooksKeys.imports() }),
  });
  const run = imports.data?.[0];
  const running = run !== undefined && (run.status === "queued" || run.status === "running");
  // Reading from QuickBooks comes first: until then there is nothing to count.
  const reading = run !== undefined && running && run.total === 0;
  const toReview = run?.proposals.filter((proposal) => proposal.decision === "pending").length ?? 0;
  const startButton = (label: string) => (
    <button
      type="button"
      className="button"
      onClick={() => start.mutate()}
      disabled={start.isPending || running}
    >
      {running ? "Importing…" : label}
    </button>
  );
  return (
    <section className="card settings-section" aria-labelledby="qbo-import">
      <h2 id="qbo-import">Import vendors, items and customers</h2>
      <p className="muted">
        Links each QuickBooks vendor, item and customer (with its projects) to the catalog entry
        with the same name, proposes links for names that nearly match, and adds the ones the
        catalog lacks. Inventory and non-inventory items become materials.
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={includeServices}
          onChange={(event) => setIncludeServices(event.target.checked)}
          disabled={running}
        />
        Add service items as materials too
      </label>
      {startButton("Import from QuickBooks")}
      <ErrorAlert error={start.error ?? imports.error} />
      {run && (
        <div className="qbo-stack">
          {run.status === "failed" ? (
            <div className="alert alert-error" role="alert">
              <div className="alert-body">
                <strong className="alert-title">The import failed</strong>
                <span>{run.error}</span>
              </div>
              {startButton("Start again")}
            </div>
          ) : reading ? (
            <progress aria-label="Import progress" />
          ) : (
            <progress
              max={Math.max(run.total, 1)}
              value={run.status === "succeeded" ? Math.max(run.total, 1) : run.done}
              aria-label="Import progress"
            />
          )}
          <p role="status">
            {run.status === "queued" && "Waiting to start…"}
            {reading && "Reading vendors, items and customers from QuickBooks…"}
            {run.status === "running" && !reading && `${run.done} of ${run.total} checked…`}
            {run.status === "succeeded" &&
              `Done: ${run.linked} linked, ${run.added} added, ${run.skipped.length} skipped` +
                (toReview > 0 ? `, ${toReview} to review.` : ".")}
          </p>
          {run.proposals.length > 0 && <ImportProposals proposals={run.proposals} />}
          {run.skipped.length > 0 && (
            <details>
              <summary>Skipped ({run.skipped.length})</summary>
              <ul>
                {run.skipped.map((skipped, index) => (
                  <li key={index}>
                    {skipped.kind} <strong>{skipped.name}</strong>: {skipped.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

function DisconnectSection() {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const disconnect = useMutation({
    mutationFn: quickBooksDisconnect,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: quickBooksKeys.all }),
  });
  return (
    <section className="card settings-section" aria-labelledby="qbo-disconnect">
      <h2 id="qbo-disconnect">Disconnect</h2>
      <p className="muted">
        Purchase orders already synced stay in QuickBooks and on their forms&apos; timelines.
      </p>
      <ErrorAlert error={disconnect.error} />
      {confirming ? (
        <div className="qbo-buttons">
          <button
            type="button"
            className="button button-danger"
            onClick={() => disconnect.mutate()}
            disabled={disconnect.isPending}
          >
            Yes, disconnect
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          Disconnect QuickBooks
        </button>
      )}
    </section>
  );
}
