import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { TextAreaField } from "../components/Field";
import { stepRuns, type StepAction } from "./api";

interface ActionFormProps {
  /** What the server says the person may do now to one waiting step (Approve, Reject...). */
  actions: StepAction[];
  submissionId: number;
  /** What the buttons act on, for screen readers when several are on one page. */
  subject?: string;
  /** Told once the action is saved, with the outcome the run follows (the list it was in may
   * drop it at once). */
  onDone?: (outcome: string) => void;
}

const BUTTON_STYLES: Record<StepAction["style"], string> = {
  primary: "button button-primary",
  danger: "button button-danger",
  secondary: "button",
};

/** The buttons of a waiting step's actions: one that takes no note or an optional one acts at
 * once; one whose note is required asks for it first. */
export function ActionForm({ actions, submissionId, subject, onDone }: ActionFormProps) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<StepAction | null>(null);
  const [note, setNote] = useState("");
  const act = useMutation({
    mutationFn: (action: StepAction) => stepRuns.act(action.step_run, action.name, { note }),
    onSuccess: (stepRun) => {
      onDone?.(stepRun.outcome);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ["approvals"] }),
        queryClient.invalidateQueries({ queryKey: ["submissions", submissionId] }),
      ]);
    },
  });
  const fieldErrors = act.error instanceof ApiError ? act.error.fieldErrors : {};
  const suffix = subject ? ` ${subject}` : "";

  function onSubmitNote(event: FormEvent) {
    event.preventDefault();
    if (asking) act.mutate(asking);
  }

  if (act.isSuccess) {
    return (
      <p className="notice" role="status">
        Saved: {act.variables.label}.
      </p>
    );
  }
  return (
    <div className="decision">
      {!fieldErrors.note && <ErrorAlert error={act.error} title="Your action was not saved." />}
      {asking ? (
        <form onSubmit={onSubmitNote} className="decision-reject" noValidate>
          <TextAreaField
            label={`Your note (${asking.label.toLowerCase()})`}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            errors={fieldErrors.note}
            required
            rows={3}
          />
          <div className="button-row">
            <button type="submit" className={BUTTON_STYLES[asking.style]} disabled={act.isPending}>
              {act.isPending ? "Saving…" : `${asking.label}${suffix}`}
            </button>
            <button type="button" className="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          {actions.map((action) =>
            action.note === "required" ? (
              <button
                key={action.name}
                type="button"
                className="button"
                onClick={() => setAsking(action)}
              >
                {`${action.label}${suffix}…`}
              </button>
            ) : (
              <button
                key={action.name}
                type="button"
                className={BUTTON_STYLES[action.style]}
                disabled={act.isPending}
                onClick={() => act.mutate(action)}
              >
                {act.isPending && act.variables?.name === action.name
                  ? "Saving…"
                  : `${action.label}${suffix}`}
              </button>
            ),
          )}
        </div>
      )}
    </div>
  );
}
