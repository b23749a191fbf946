import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, materials, vendors } from "../../api/client";
import type { CatalogResource } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SelectField, TextField } from "../../components/Field";
import { useDebouncedValue } from "../../components/useDebouncedValue";
import { quickBooksKeys, quickBooksProposalDecide } from "./api";
import type { QuickBooksImportDecision, QuickBooksImportProposal } from "./api";

const NOUNS: Record<string, string> = { vendor: "vendor", item: "material" };

/** The links an import proposes for QuickBooks records whose names nearly match catalog rows:
 * the admin accepts each, links it to another row, adds it as a new row, or skips it. */
export function ImportProposals({ proposals }: { proposals: QuickBooksImportProposal[] }) {
  const pending = proposals.filter((proposal) => proposal.decision === "pending").length;
  return (
    <div className="qbo-stack" role="group" aria-labelledby="qbo-proposals">
      <h3 id="qbo-proposals">Names that nearly match ({pending} to decide)</h3>
      <p className="muted">
        These QuickBooks records were not added, so that the catalog gets no near-duplicates. Accept
        the proposed link, link to another entry, add the record as a new entry, or skip it.
      </p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">In QuickBooks</th>
              <th scope="col">Proposed link</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {proposals.map((proposal) => (
              <ProposalRow key={proposal.id} proposal={proposal} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ProposalRow({ proposal }: { proposal: QuickBooksImportProposal }) {
  const queryClient = useQueryClient();
  const [choosing, setChoosing] = useState(false);
  const decide = useMutation({
    mutationFn: (decision: QuickBooksImportDecision) =>
      quickBooksProposalDecide(proposal.id, decision),
    onSuccess: () => {
      setChoosing(false);
      void queryClient.invalidateQueries({ queryKey: quickBooksKeys.imports() });
      void queryClient.invalidateQueries({ queryKey: quickBooksKeys.links() });
    },
  });
  const noun = NOUNS[proposal.kind] ?? proposal.kind;
  const fieldErrors = decide.error instanceof ApiError ? decide.error.fieldErrors : {};
  const rowError = fieldErrors.decision?.[0];
  return (
    <tr aria-label={proposal.qbo_name}>
      <td>
        <strong>{proposal.qbo_name}</strong> <span className="muted">({noun})</span>
      </td>
      <td>{proposal.proposed_name || "—"}</td>
      <td>
        {proposal.decision === "pending" ? (
          <div className="qbo-stack">
            <div className="qbo-buttons">
              <button
                type="button"
                className="button button-small button-primary"
                onClick={() => decide.mutate({ decision: "accept" })}
                disabled={decide.isPending}
              >
                Accept
              </button>
              <button
                type="button"
                className="button button-small"
                onClick={() => setChoosing(!choosing)}
                aria-expanded={choosing}
                disabled={decide.isPending}
              >
                Link elsewhere
              </button>
              <button
                type="button"
                className="button button-small"
                onClick={() => decide.mutate({ decision: "create" })}
                disabled={decide.isPending}
              >
                Add as new
              </button>
              <button
                type="button"
                className="button button-small button-ghost"
                onClick={() => decide.mutate({ decision: "skip" })}
                disabled={decide.isPending}
              >
                Skip
              </button>
            </div>
            {choosing && (
              <LinkElsewhere
                kind={proposal.kind}
                noun={noun}
                errors={fieldErrors.object_id}
                pending={decide.isPending}
                onLink={(objectId) => decide.mutate({ decision: "link", object_id: objectId })}
              />
            )}
            {rowError ? (
              <div className="alert alert-error" role="alert">
                {rowError}
              </div>
            ) : (
              !fieldErrors.object_id && <ErrorAlert error={decide.error} />
            )}
          </div>
        ) : (
          <span role="status">{outcome(proposal)}</span>
        )}
      </td>
    </tr>
  );
}

function outcome(proposal: QuickBooksImportProposal): string {
  if (proposal.decision === "linked") return `Linked to ${proposal.object_name}`;
  if (proposal.decision === "created") return `Added as ${proposal.object_name}`;
  return "Skipped";
}

interface LinkElsewhereProps {
  kind: string;
  noun: string;
  errors?: string[];
  pending: boolean;
  onLink: (objectId: number) => void;
}

/** Find another catalog entry by name and link the QuickBooks record to it. */
function LinkElsewhere({ kind, noun, errors, pending, onLink }: LinkElsewhereProps) {
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState("");
  const term = useDebouncedValue(search);
  const resource: CatalogResource<{ id: number; name: string }, unknown> =
    kind === "vendor" ? vendors : materials;
  const found = useQuery({
    queryKey: [resource.name, "list", { search: term, pageSize: 20 }],
    queryFn: () => resource.list({ search: term, pageSize: 20 }),
  });
  const entries = found.data?.results ?? [];
  return (
    <form
      className="qbo-stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen) onLink(Number(chosen));
      }}
    >
      <TextField
        label={`Find a ${noun}`}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <SelectField
        label={`Link to ${noun}`}
        value={chosen}
        onChange={(event) => setChosen(event.target.value)}
        errors={errors}
        required
      >
        <option value="">Choose a {noun}…</option>
        {entries.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.name}
          </option>
        ))}
      </SelectField>
      <ErrorAlert error={found.error} />
      <div>
        <button type="submit" className="button button-small" disabled={pending || !chosen}>
          Link
        </button>
      </div>
    </form>
  );
}
