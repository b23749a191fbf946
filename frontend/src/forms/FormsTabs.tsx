import { NavLink } from "react-router-dom";

/** Switches the Forms area between its templates and the submitted forms. */
export function FormsTabs() {
  return (
    <nav className="subnav" aria-label="Forms area">
      <NavLink to="/forms" end className="subnav-link">
        Templates
      </NavLink>
      <NavLink to="/submissions" className="subnav-link">
        Submissions
      </NavLink>
    </nav>
  );
}
