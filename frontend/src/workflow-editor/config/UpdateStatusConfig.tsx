import { useId } from "react";
import { TextField } from "../../components/Field";
import { registerStepConfig } from "./registry";
import type { StepConfigProps } from "./registry";

const STANDARD_STATUSES = [
  "Submitted",
  "Pending",
  "Approved",
  "Rejected",
  "Ordered",
  "Received",
  "Closed",
];

/** The status to set: a standard one from the list, or the company's own words. */
export function UpdateStatusConfig({ config, onChange, errors }: StepConfigProps) {
  const listId = useId();
  return (
    <>
      <TextField
        label="Status"
        required
        list={listId}
        value={(config.status as string | undefined) ?? ""}
        errors={errors.status}
        hint="Pick a standard status or type your own."
        onChange={(event) => onChange({ ...config, status: event.target.value })}
      />
      <datalist id={listId}>
        {STANDARD_STATUSES.map((status) => (
          <option key={status} value={status} />
        ))}
      </datalist>
    </>
  );
}

registerStepConfig("update_status", UpdateStatusConfig);
