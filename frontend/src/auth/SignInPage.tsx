import { useState } from "react";
import type { FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import { ApiError } from "../api/client";
import type { FieldErrors } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { TextField } from "../components/Field";
import { usePageTitle } from "../components/PageHeader";
import { AuthCard } from "./AuthCard";
import type { SignInRedirect } from "./RequireAuth";
import { FullPageLoading } from "./RequireAuth";
import { useSession } from "./session";

const DEFAULT_PAGE = "/forms";

function safeRedirect(state: unknown): string {
  const from = (state as SignInRedirect | null)?.from;
  return from && from.startsWith("/") && !from.startsWith("/signin") ? from : DEFAULT_PAGE;
}

export function SignInPage() {
  usePageTitle("Sign in");
  const { state, signIn } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeRedirect(location.state);
  const notice = (location.state as SignInRedirect | null)?.notice;

  if (state.status === "loading") return <FullPageLoading />;
  if (state.status === "ready" && state.user && !submitting) return <Navigate to={next} replace />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (!email.trim()) missing.email = ["Enter your email."];
    if (!password) missing.password = ["Enter your password."];
    setFieldErrors(missing);
    setError(null);
    if (Object.keys(missing).length) return;
    setSubmitting(true);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (caught) {
      setSubmitting(false);
      if (caught instanceof ApiError && caught.status === 400) {
        setFieldErrors(caught.fieldErrors);
        if (caught.nonFieldErrors.length) setError(caught);
      } else {
        setError(caught);
      }
    }
  }

  return (
    <AuthCard title="Sign in">
      <p className="muted">Forms, workflows and purchase orders for your crews.</p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorAlert error={error} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          errors={fieldErrors.email}
          autoFocus
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          errors={fieldErrors.password}
        />
        <button type="submit" className="button button-primary button-block" disabled={submitting}>
          {submitting ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="auth-links">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </AuthCard>
  );
}
