import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { useSession } from "./session";

/** Where to go back to after signing in. */
export interface SignInRedirect {
  from?: string;
  /** What to tell the person on the sign-in page, such as that their password is set. */
  notice?: string;
}

/** Renders its children for a signed-in user; sends anybody else to /signin and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, reload } = useSession();
  const location = useLocation();
  if (state.status === "loading") return <FullPageLoading />;
  if (state.status === "error") {
    return (
      <div className="centered-page">
        <ErrorAlert error={state.error} title="Could not load your session." onRetry={reload} />
      </div>
    );
  }
  if (!state.user) {
    const redirect: SignInRedirect = {
      from: location.pathname + location.search + location.hash,
    };
    return <Navigate to="/signin" replace state={redirect} />;
  }
  return children;
}

export function FullPageLoading() {
  return (
    <div className="centered-page">
      <Loading />
    </div>
  );
}
