import { useMutation, useQueryClient } from "@tanstack/react-query";
import { submissions } from "../api/client";
import type { SubmissionInput, SubmissionReviseInput } from "../api/client";
import { submissionQueryOptions } from "./queries";

/** A new Idempotency-Key, for a newly started form: 128 random bits as hex. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

interface SubmitFormVariables {
  input: SubmissionInput;
  /** The same for every try of one filled-in form, so that the server submits it once. */
  idempotencyKey: string;
}

/** Submits a filled-in form; the submission it made (or the one a repeat answers with) is
 * cached for its page, and the lists are fetched again. */
export function useSubmitForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: SubmitFormVariables) =>
      submissions.create(input, idempotencyKey),
    onSuccess: (submission) => {
      queryClient.setQueryData(submissionQueryOptions(submission.id).queryKey, submission);
      void queryClient.invalidateQueries({ queryKey: ["submissions", "list"] });
    },
  });
}

interface ReviseFormVariables {
  id: number;
  input: SubmissionReviseInput;
  /** The same for every try of one revision, so that the server makes it once. */
  idempotencyKey: string;
}

/** Revises a submitted form; its page and the lists are fetched again. */
export function useReviseForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input, idempotencyKey }: ReviseFormVariables) =>
      submissions.revise(id, input, idempotencyKey),
    onSuccess: (submission) => {
      queryClient.setQueryData(submissionQueryOptions(submission.id).queryKey, submission);
      void queryClient.invalidateQueries({ queryKey: ["submissions"] });
    },
  });
}
