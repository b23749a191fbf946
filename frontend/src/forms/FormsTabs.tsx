import { NavLink } from "react-router-dom";

/**
 * Switches the Forms area between its templates and the submitted forms. Links with
 * aria-current rather than a second navigation landmark: the sidebar is the page's navigation.
 */
export function FormsTabs() {
  return (
    <div className="subnav">
      <NavLink to="/forms" end className="subnav-link">
        Templates
      </NavLink>
      <NavLink to="/submissions" className="subnav-link">
        Submissions
      </NavLink>
    </div>
  );
}
