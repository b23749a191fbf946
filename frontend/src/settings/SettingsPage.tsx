import { Link } from "react-router-dom";
import { useCurrentUser } from "../auth/session";
import { PageHeader } from "../components/PageHeader";
import { FormTypesSection } from "./FormTypesSection";

export function SettingsPage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Settings" />
      <section className="card settings-section" aria-labelledby="settings-company">
        <h2 id="settings-company">Company</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{user.company?.name ?? "—"}</dd>
        </dl>
      </section>
      <section className="card settings-section" aria-labelledby="settings-account">
        <h2 id="settings-account">Your account</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{user.name || user.display_name || "—"}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{user.is_admin ? "Admin" : "Member"}</dd>
        </dl>
      </section>
      <FormTypesSection canEdit={user.is_admin} />
      <section className="card settings-section" aria-labelledby="settings-integrations">
        <h2 id="settings-integrations">Integrations</h2>
        <div className="integration">
          <div className="integration-logo" aria-hidden="true">
            qb
          </div>
          <div>
            <h3>QuickBooks Online</h3>
            <p className="muted">
              Purchase orders approved in a workflow are created in your QuickBooks company.
            </p>
          </div>
          <Link to="/settings/integrations/quickbooks" className="button">
            {user.is_admin ? "Manage" : "View"}
          </Link>
        </div>
      </section>
    </>
  );
}
