import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useCurrentUser } from "../auth/session";
import { Dialog } from "../components/Dialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { SelectField, TextField } from "../components/Field";
import { Loading } from "../components/Loading";
import { messages, showServerErrors, withFieldMessages } from "../components/serverErrors";
import { invalidatePeople, people, peopleQueryOptions, ROLE_LABELS } from "./api";
import type { InvitationSent, PersonInvite, Role, TeamPerson } from "./api";

const STATUS_BADGES: Record<TeamPerson["status"], [string, string]> = {
  active: ["Active", "badge-success"],
  invited: ["Invited", "badge-info"],
  deactivated: ["Deactivated", "badge-muted"],
};

const INVITE_FIELDS = ["email", "name", "role"] as const;

function InviteForm({
  onInvited,
  onCancel,
}: {
  onInvited: (sent: InvitationSent) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const form = useForm<PersonInvite>({ defaultValues: { email: "", name: "", role: "member" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      const sent = await people.invite({ ...values, email: values.email.trim() });
      await invalidatePeople(queryClient);
      onInvited(sent);
    } catch (caught) {
      setError(showServerErrors(caught, INVITE_FIELDS, form.setError));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="entry-form">
      <ErrorAlert error={error} title="Could not send the invitation." />
      <TextField
        label="Email"
        type="email"
        autoComplete="off"
        required
        errors={messages(errors.email)}
        {...form.register("email", { validate: (value) => !!value.trim() || "Enter an email." })}
      />
      <TextField
        label="Name"
        errors={messages(errors.name)}
        maxLength={200}
        {...form.register("name")}
      />
      <SelectField
        label="Role"
        hint="Admins manage people, forms, workflows and integrations; members submit and approve forms."
        errors={messages(errors.role)}
        {...form.register("role")}
      >
        <option value="member">Member</option>
        <option value="admin">Admin</option>
      </SelectField>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          {isSubmitting ? "Sending…" : "Send invitation"}
        </button>
      </div>
    </form>
  );
}

type PersonAction =
  | { kind: "role"; person: TeamPerson; role: Role }
  | { kind: "deactivate" | "reactivate" | "resend"; person: TeamPerson };

const DONE: Record<PersonAction["kind"], (name: string) => string> = {
  role: (name) => `${name}’s role changed.`,
  deactivate: (name) => `${name} is deactivated and signed out.`,
  reactivate: (name) => `${name} can sign in again.`,
  resend: (name) => `A new invitation is on its way to ${name}.`,
};

function runAction(action: PersonAction): Promise<TeamPerson> {
  switch (action.kind) {
    case "role":
      return people.changeRole(action.person.id, action.role);
    case "deactivate":
      return people.deactivate(action.person.id);
    case "reactivate":
      return people.reactivate(action.person.id);
    case "resend":
      return people.resendInvitation(action.person.id);
  }
}

/** Settings > People (admins): invite people, change roles, deactivate and reactivate. */
export function PeopleSection() {
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const list = useQuery(peopleQueryOptions());
  const [inviting, setInviting] = useState(false);
  const [confirming, setConfirming] = useState<TeamPerson | null>(null);
  const [notice, setNotice] = useState("");
  const action = useMutation({
    mutationFn: runAction,
    onMutate: () => setNotice(""),
    onSuccess: (person, done) => {
      setConfirming(null);
      setNotice(DONE[done.kind](person.display_name));
    },
    onSettled: () => invalidatePeople(queryClient),
  });

  return (
    <section className="card settings-section" aria-labelledby="settings-people">
      <div className="settings-section-header">
        <h2 id="settings-people">People</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setNotice("");
            setInviting(true);
          }}
        >
          Invite person
        </button>
      </div>
      <p className="muted">
        Invited people get an email with a link to set their password. Deactivated people cannot
        sign in; their forms and history stay.
      </p>
      <p className="notice" role="status">
        {notice}
      </p>
      <ErrorAlert
        error={withFieldMessages(action.error)}
        title="Could not change this person."
        onDismiss={() => action.reset()}
      />
      <ErrorAlert
        error={list.error}
        title="Could not load the people."
        onRetry={() => list.refetch()}
      />
      {list.isPending ? (
        <Loading label="Loading people…" />
      ) : list.data ? (
        <div className="table-wrap bordered">
          <table className="table people-table">
            <caption className="visually-hidden">People</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col" className="actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.results.map((person) => {
                const [statusLabel, statusClass] = STATUS_BADGES[person.status];
                const busy = action.isPending && action.variables?.person.id === person.id;
                return (
                  <tr key={person.id}>
                    <td>
                      <span className="cell-strong">{person.name || person.email}</span>
                      {person.name && <span className="cell-sub">{person.email}</span>}
                    </td>
                    <td>
                      <select
                        aria-label={`Role of ${person.display_name}`}
                        value={person.role}
                        disabled={busy}
                        onChange={(event) =>
                          action.mutate({ kind: "role", person, role: event.target.value as Role })
                        }
                      >
                        {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
                          <option key={role} value={role}>
                            {ROLE_LABELS[role]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <span className={`badge ${statusClass}`}>{statusLabel}</span>
                    </td>
                    <td className="actions">
                      {person.status === "invited" && (
                        <button
                          type="button"
                          className="button button-small"
                          disabled={busy}
                          onClick={() => action.mutate({ kind: "resend", person })}
                        >
                          Resend invitation
                        </button>
                      )}
                      {person.status === "deactivated" ? (
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Reactivate ${person.display_name}`}
                          disabled={busy}
                          onClick={() => action.mutate({ kind: "reactivate", person })}
                        >
                          Reactivate
                        </button>
                      ) : (
                        person.id !== me.id && (
                          <button
                            type="button"
                            className="button button-small"
                            aria-label={`Deactivate ${person.display_name}`}
                            disabled={busy}
                            onClick={() => {
                              action.reset();
                              setConfirming(person);
                            }}
                          >
                            Deactivate
                          </button>
                        )
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {inviting && (
        <Dialog title="Invite person" onClose={() => setInviting(false)}>
          <InviteForm
            onCancel={() => setInviting(false)}
            onInvited={(sent) => {
              setInviting(false);
              setNotice(`Invitation sent to ${sent.email}.`);
            }}
          />
        </Dialog>
      )}
      {confirming && (
        <Dialog
          title={`Deactivate ${confirming.display_name}?`}
          onClose={() => setConfirming(null)}
        >
          <p>
            They are signed out at once and cannot sign in until an admin reactivates them. Their
            forms and history stay.
          </p>
          <ErrorAlert error={withFieldMessages(action.error)} title="Could not deactivate." />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={action.isPending}
              onClick={() => action.mutate({ kind: "deactivate", person: confirming })}
            >
              {action.isPending ? "Deactivating…" : "Deactivate"}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
