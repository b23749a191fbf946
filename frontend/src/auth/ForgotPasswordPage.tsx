import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router-dom";
import { ErrorAlert } from "../components/ErrorAlert";
import { TextField } from "../components/Field";
import { usePageTitle } from "../components/PageHeader";
import { messages, showServerErrors } from "../components/serverErrors";
import { account } from "../profile/api";
import { AuthCard } from "./AuthCard";

/** Asks for an email to send a link that sets a new password. */
export function ForgotPasswordPage() {
  usePageTitle("Reset your password");
  const [error, setError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState("");
  const form = useForm({ defaultValues: { email: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ email }) => {
    setError(null);
    try {
      await account.requestPasswordReset(email.trim());
      setSentTo(email.trim());
    } catch (caught) {
      setError(showServerErrors(caught, ["email"], form.setError));
    }
  });

  return (
    <AuthCard title="Reset your password">
      {sentTo ? (
        <p role="status">
          If <strong>{sentTo}</strong> belongs to an account, an email with a link to choose a new
          password is on its way. The link works once.
        </p>
      ) : (
        <>
          <p className="muted">We will email you a link to choose a new password.</p>
          <ErrorAlert error={error} />
          <form onSubmit={onSubmit} noValidate>
            <TextField
              label="Email"
              type="email"
              autoComplete="username"
              autoFocus
              errors={messages(errors.email)}
              {...form.register("email", {
                validate: (value) => !!value.trim() || "Enter your email.",
              })}
            />
            <button
              type="submit"
              className="button button-primary button-block"
              disabled={isSubmitting}
            >
              {isSubmitting ? "Sending…" : "Email me a link"}
            </button>
          </form>
        </>
      )}
      <p className="auth-links">
        <Link to="/signin">Back to sign in</Link>
      </p>
    </AuthCard>
  );
}
