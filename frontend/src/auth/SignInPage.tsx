import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import { ErrorAlert } from "../components/ErrorAlert";
import { TextField } from "../components/Field";
import { usePageTitle } from "../components/PageHeader";
import { messages, showServerErrors } from "../components/serverErrors";
import { AuthCard } from "./AuthCard";
import type { SignInRedirect } from "./RequireAuth";
import { FullPageLoading } from "./RequireAuth";
import { useSession } from "./session";

const DEFAULT_PAGE = "/forms";
const FIELDS = ["email", "password"] as const;

function safeRedirect(state: unknown): string {
  const from = (state as SignInRedirect | null)?.from;
  return from && from.startsWith("/") && !from.startsWith("/signin") ? from : DEFAULT_PAGE;
}

export function SignInPage() {
  usePageTitle("Sign in");
  const { state, signIn } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const form = useForm({ defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;
  const [error, setError] = useState<unknown>(null);
  const next = safeRedirect(location.state);
  const notice = (location.state as SignInRedirect | null)?.notice;

  // While signing in, the session arrives before the page moves on to `next`.
  if (state.status === "loading") return <FullPageLoading />;
  if (state.status === "ready" && state.user && !isSubmitting) {
    return <Navigate to={next} replace />;
  }

  const onSubmit = form.handleSubmit(async ({ email, password }) => {
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (caught) {
      setError(showServerErrors(caught, FIELDS, form.setError));
    }
  });

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
          autoComplete="username"
          errors={messages(errors.email)}
          autoFocus
          {...form.register("email", {
            validate: (value) => !!value.trim() || "Enter your email.",
          })}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          errors={messages(errors.password)}
          {...form.register("password", { required: "Enter your password." })}
        />
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={isSubmitting}
        >
          {isSubmitting ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="auth-links">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </AuthCard>
  );
}
