import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { sessionQueryOptions, useCurrentUser } from "../auth/session";
import { ErrorAlert } from "../components/ErrorAlert";
import { TextField } from "../components/Field";
import { messages, showServerErrors } from "../components/serverErrors";
import { account } from "./api";
import type { PasswordChange } from "./api";

function NameForm() {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const form = useForm({ defaultValues: { name: user.name } });
  const { errors, isSubmitting, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async ({ name }) => {
    setError(null);
    setNotice("");
    try {
      const saved = await account.rename(name);
      queryClient.setQueryData(sessionQueryOptions().queryKey, saved);
      form.reset({ name: saved.name });
      setNotice("Your name is saved.");
    } catch (caught) {
      setError(showServerErrors(caught, ["name"], form.setError));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="entry-form">
      <ErrorAlert error={error} title="Could not save your name." />
      <TextField
        label="Your name"
        autoComplete="name"
        maxLength={200}
        errors={messages(errors.name)}
        {...form.register("name")}
      />
      <div className="form-actions">
        <p className="notice" role="status">
          {notice}
        </p>
        <button type="submit" className="button" disabled={isSubmitting || !isDirty}>
          {isSubmitting ? "Saving…" : "Save name"}
        </button>
      </div>
    </form>
  );
}

interface PasswordValues extends PasswordChange {
  confirm_password: string;
}

const PASSWORD_FIELDS = ["current_password", "new_password"] as const;

function PasswordForm() {
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const form = useForm<PasswordValues>({
    defaultValues: { current_password: "", new_password: "", confirm_password: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ current_password, new_password }) => {
    setError(null);
    setNotice("");
    try {
      await account.changePassword({ current_password, new_password });
      form.reset();
      setNotice("Your password is changed. Your other sessions are signed out.");
    } catch (caught) {
      setError(showServerErrors(caught, PASSWORD_FIELDS, form.setError));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="entry-form">
      <h3>Change password</h3>
      <ErrorAlert error={error} title="Could not change your password." />
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        errors={messages(errors.current_password)}
        {...form.register("current_password", { required: "Enter your current password." })}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        errors={messages(errors.new_password)}
        {...form.register("new_password", { required: "Enter a new password." })}
      />
      <TextField
        label="Repeat new password"
        type="password"
        autoComplete="new-password"
        errors={messages(errors.confirm_password)}
        {...form.register("confirm_password", {
          validate: (value, values) =>
            value === values.new_password || "The two passwords are not the same.",
        })}
      />
      <div className="form-actions">
        <p className="notice" role="status">
          {notice}
        </p>
        <button type="submit" className="button" disabled={isSubmitting}>
          {isSubmitting ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}

/** Settings > Your account: everybody's own name and password. */
export function AccountSection() {
  const user = useCurrentUser();
  return (
    <section className="card settings-section" aria-labelledby="settings-account">
      <h2 id="settings-account">Your account</h2>
      <dl className="details">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Company</dt>
        <dd>{user.company?.name ?? "—"}</dd>
        <dt>Role</dt>
        <dd>{user.is_admin ? "Admin" : "Member"}</dd>
      </dl>
      <NameForm />
      <PasswordForm />
    </section>
  );
}
