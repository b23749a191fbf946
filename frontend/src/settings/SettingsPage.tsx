import { Link } from "react-router-dom";
import { useCurrentUser } from "../auth/session";
import { PageHeader } from "../components/PageHeader";
import { PeopleSection } from "../people/PeopleSection";
import { AccountSection } from "../profile/AccountSection";
import { FormTypesSection } from "./FormTypesSection";

/** Everybody's own account; the company's people, form types and integrations for admins. */
export function SettingsPage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Settings" />
      <AccountSection />
      {user.is_admin && (
        <>
          <PeopleSection />
          <FormTypesSection />
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
                Manage
              </Link>
            </div>
          </section>
        </>
      )}
    </>
  );
}
