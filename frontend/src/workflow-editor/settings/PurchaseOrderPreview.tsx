import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useDebouncedValue } from "../../components/useDebouncedValue";
import { purchaseOrderPreviewQueryOptions } from "../../settings/quickbooks/api";
import "../../settings/quickbooks/quickbooks.css";
import type { SettingsPanelProps } from "./widgets";

/** What the step would send to QuickBooks for the latest submission, as its settings stand. */
export function PurchaseOrderPreview({ config }: SettingsPanelProps) {
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
            // Focusable, so that a keyboard can scroll it.
            <pre className="qbo-preview-payload" tabIndex={0}>
              {JSON.stringify(preview.data.payload, null, 2)}
            </pre>
          )}
        </>
      )}
    </section>
  );
}
