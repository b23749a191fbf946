import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { TextField } from "../components/Field";
import { usePageTitle } from "../components/PageHeader";
import { messages, showServerErrors } from "../components/serverErrors";
import { account } from "../profile/api";
import { AuthCard } from "./AuthCard";
import type { SignInRedirect } from "./RequireAuth";

interface SetPasswordValues {
  password: string;
  confirm: string;
}

/** The page of an invitation or reset link: choose a password, then sign in with it. */
export function SetPasswordPage({ invitation }: { invitation: boolean }) {
  const title = invitation ? "Welcome! Choose your password" : "Choose a new password";
  usePageTitle(title);
  const { uid = "", token = "" } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [linkExpired, setLinkExpired] = useState(false);
  const form = useForm<SetPasswordValues>({ defaultValues: { password: "", confirm: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ password }) => {
    setError(null);
    try {
      await account.setPassword({ uid, token, password });
      const next: SignInRedirect = { notice: "Your password is set. Sign in with it." };
      navigate("/signin", { replace: true, state: next });
    } catch (caught) {
      if (caught instanceof ApiError && caught.fieldErrors.token) setLinkExpired(true);
      setError(showServerErrors(caught, ["password"], form.setError));
    }
  });

  if (linkExpired) {
    return (
      <AuthCard title="This link no longer works">
        <p role="alert">
          It has been used already or has expired.{" "}
          {invitation
            ? "Ask an admin of your company to send you a new invitation."
            : "Ask for a new one below."}
        </p>
        <p className="auth-links">
          <Link to="/forgot-password">Email me a new link</Link> · <Link to="/signin">Sign in</Link>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={title}>
      <p className="muted">
        Use at least 8 characters; avoid common passwords and ones like your name or email.
      </p>
      <ErrorAlert error={error} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          autoFocus
          errors={messages(errors.password)}
          {...form.register("password", { required: "Choose a password." })}
        />
        <TextField
          label="Repeat password"
          type="password"
          autoComplete="new-password"
          errors={messages(errors.confirm)}
          {...form.register("confirm", {
            validate: (value, values) =>
              value === values.password || "The two passwords are not the same.",
          })}
        />
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={isSubmitting}
        >
          {isSubmitting ? "Saving…" : "Set password"}
        </button>
      </form>
    </AuthCard>
  );
}
