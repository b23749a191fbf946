import { Link } from "react-router-dom";
import { usePageTitle } from "./PageHeader";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <div className="not-found">
      <p className="not-found-code">404</p>
      <h1>Page not found</h1>
      <p>The page you were looking for does not exist or has moved.</p>
      <Link to="/" className="button button-primary">
        Go to the home page
      </Link>
    </div>
  );
}
