import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { TextAreaField } from "../components/Field";
import { stepRuns } from "./api";

interface DecisionFormProps {
  stepRun: number;
  submissionId: number;
  /** What the buttons decide on, for screen readers when several are on one page. */
  subject?: string;
  /** Told once the decision is saved (the list it was in may drop it at once). */
  onDecided?: (approved: boolean) => void;
}

/** Approve, or reject with a note (required), one waiting approval. */
export function DecisionForm({ stepRun, submissionId, subject, onDecided }: DecisionFormProps) {
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: ({ approve }: { approve: boolean }) =>
      approve ? stepRuns.approve(stepRun, note) : stepRuns.reject(stepRun, note),
    onSuccess: (_, { approve }) => {
      onDecided?.(approve);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ["approvals"] }),
        queryClient.invalidateQueries({ queryKey: ["submissions", submissionId] }),
      ]);
    },
  });
  const fieldErrors = decide.error instanceof ApiError ? decide.error.fieldErrors : {};
  const suffix = subject ? ` ${subject}` : "";

  function onReject(event: FormEvent) {
    event.preventDefault();
    decide.mutate({ approve: false });
  }

  if (decide.isSuccess) {
    return (
      <p className="notice" role="status">
        {decide.variables.approve ? "Approved." : "Rejected."}
      </p>
    );
  }
  return (
    <div className="decision">
      {!fieldErrors.note && (
        <ErrorAlert error={decide.error} title="Your decision was not saved." />
      )}
      {rejecting ? (
        <form onSubmit={onReject} className="decision-reject" noValidate>
          <TextAreaField
            label="Why do you reject it?"
            value={note}
            onChange={(event) => setNote(event.target.value)}
            errors={fieldErrors.note}
            required
            rows={3}
          />
          <div className="button-row">
            <button type="submit" className="button button-danger" disabled={decide.isPending}>
              {decide.isPending ? "Rejecting…" : `Reject${suffix}`}
            </button>
            <button type="button" className="button" onClick={() => setRejecting(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button button-primary"
            disabled={decide.isPending}
            onClick={() => decide.mutate({ approve: true })}
          >
            {decide.isPending ? "Approving…" : `Approve${suffix}`}
          </button>
          <button type="button" className="button" onClick={() => setRejecting(true)}>
            {`Reject${suffix}…`}
          </button>
        </div>
      )}
    </div>
  );
}
