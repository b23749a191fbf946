import { useState } from "react";
import type { ReactNode } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import type { Area } from "../api/client";
import { ApprovalsCount } from "../approvals/ApprovalsCount";
import { useCurrentUser, useSession } from "../auth/session";
import { useLiveNotices } from "../live/liveNotices";
import { Announcements } from "./announcer";
import { ErrorAlert } from "./ErrorAlert";

const NAV_ITEMS: { area: Area; to: string; label: string; icon: string; also?: string }[] = [
  // Submissions belong to the Forms area.
  { area: "forms", to: "/forms", label: "Forms", icon: "▤", also: "/submissions" },
  { area: "approvals", to: "/approvals", label: "Approvals", icon: "✔" },
  { area: "workflows", to: "/workflows", label: "Workflows", icon: "⇄" },
  { area: "vendors", to: "/vendors", label: "Vendors", icon: "◫" },
  { area: "materials", to: "/materials", label: "Materials", icon: "▦" },
  { area: "customers", to: "/customers", label: "Customers", icon: "◉" },
  { area: "settings", to: "/settings", label: "Settings", icon: "⚙" },
];

/** The frame around every signed-in page: sidebar navigation to the areas the person may use,
 * the company and the user; its live channel keeps what every page shows current. */
export function AppShell({ children }: { children?: ReactNode }) {
  const user = useCurrentUser();
  const live = useLiveNotices();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSignOut() {
    setSigningOut(true);
    setError(null);
    try {
      await signOut();
      navigate("/signin", { replace: true });
    } catch (caught) {
      setError(caught);
      setSigningOut(false);
    }
  }

  return (
    <div className="shell" data-live={live ? "open" : "closed"}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            O
          </span>
          <span className="brand-name">Ontraccr Clone</span>
        </div>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV_ITEMS.filter((item) => user.areas.includes(item.area)).map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  className={({ isActive }) =>
                    isActive || (item.also && pathname.startsWith(item.also))
                      ? "nav-link active"
                      : "nav-link"
                  }
                >
                  <span className="nav-icon" aria-hidden="true">
                    {item.icon}
                  </span>
                  {item.label}
                  {item.to === "/approvals" && <ApprovalsCount />}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <p className="company-name" title="Company">
            {user.company?.name ?? "No company"}
          </p>
          <p className="user-name">
            {user.display_name || user.name || user.email}
            <span className="role-badge">{user.is_admin ? "Admin" : "Member"}</span>
          </p>
          <button
            type="button"
            className="button button-small button-block"
            onClick={onSignOut}
            disabled={signingOut}
          >
            {signingOut ? "Signing out…" : "Sign out"}
          </button>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        <ErrorAlert error={error} title="Could not sign out." onDismiss={() => setError(null)} />
        {children ?? <Outlet />}
      </main>
      <Announcements />
    </div>
  );
}
