import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router-dom";
import type { FieldDefinition } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SelectField } from "../../components/Field";
import { useDebouncedValue } from "../../components/useDebouncedValue";
import { purchaseOrderPreviewQueryOptions } from "../../settings/quickbooks/api";
import "../../settings/quickbooks/quickbooks.css";
import { registerStepConfig } from "./registry";
import type { StepConfigProps } from "./registry";

interface Target {
  key: "vendor_field" | "materials_field" | "memo_field" | "due_date_field";
  label: string;
  required: boolean;
  fits: (field: FieldDefinition) => boolean;
}

/** QuickBooks' purchase-order parts and the form fields each can be mapped from. */
export const TARGETS: Target[] = [
  {
    key: "vendor_field",
    label: "Vendor",
    required: true,
    fits: (field) => field.type === "choose" && field.source === "vendors",
  },
  {
    key: "materials_field",
    label: "Materials",
    required: true,
    fits: (field) => field.type === "materials_table",
  },
  {
    key: "memo_field",
    label: "Memo",
    required: false,
    fits: (field) => field.type === "text" || field.type === "long_text",
  },
  {
    key: "due_date_field",
    label: "Due Date",
    required: false,
    fits: (field) => field.type === "date",
  },
];

/** Maps the form's fields to the purchase order, and previews what would be sent. */
export function SyncQuickBooksConfig({
  config,
  onChange,
  errors,
  fields,
  idPrefix,
}: StepConfigProps) {
  const createItems = config.create_unlinked_items === true;
  return (
    <>
      {TARGETS.map((target) => (
        <SelectField
          key={target.key}
          label={target.label}
          required={target.required}
          value={(config[target.key] as string | undefined) ?? ""}
          errors={errors[target.key]}
          onChange={(event) => onChange({ ...config, [target.key]: event.target.value })}
        >
          <option value="">{target.required ? "Choose a field" : "Not mapped"}</option>
          {fields.filter(target.fits).map((field) => (
            <option key={field.id} value={field.id}>
              {field.label}
            </option>
          ))}
        </SelectField>
      ))}
      <label className="checkbox" htmlFor={`${idPrefix}-create-items`}>
        <input
          id={`${idPrefix}-create-items`}
          type="checkbox"
          role="switch"
          checked={createItems}
          aria-describedby={`${idPrefix}-create-items-hint`}
          onChange={(event) => onChange({ ...config, create_unlinked_items: event.target.checked })}
        />
        Create unlinked items
      </label>
      <p className="field-hint" id={`${idPrefix}-create-items-hint`}>
        Materials that are not in QuickBooks yet are created there as items when the PO syncs; when
        off, such a PO fails and names them.
      </p>
      <PurchaseOrderPreview config={config} />
    </>
  );
}

function PurchaseOrderPreview({ config }: { config: Record<string, unknown> }) {
  const workflowId = Number(useParams().id);
  const settled = useDebouncedValue(config, 400);
  const ready = Boolean(settled.vendor_field && settled.materials_field);
  const preview = useQuery({
    ...purchaseOrderPreviewQueryOptions(workflowId, settled),
    enabled: ready && Number.isFinite(workflowId),
  });
  return (
    <section className="qbo-preview" aria-label="Purchase order preview">
      <h3>Preview</h3>
      {!ready && <p className="muted">Map Vendor and Materials to see the purchase order.</p>}
      {ready && preview.isPending && <p className="muted">Building the preview…</p>}
      <ErrorAlert error={preview.error} />
      {preview.data && (
        <>
          <p className="muted">
            {preview.data.submission_number
              ? `What would be sent for ${preview.data.submission_number}, the latest submission:`
              : ""}
          </p>
          {preview.data.notes.map((note) => (
            <p key={note} className="field-hint">
              {note}
            </p>
          ))}
          {preview.data.payload && (
            <pre className="qbo-preview-payload">
              {JSON.stringify(preview.data.payload, null, 2)}
            </pre>
          )}
        </>
      )}
    </section>
  );
}

registerStepConfig("sync_quickbooks", SyncQuickBooksConfig);
