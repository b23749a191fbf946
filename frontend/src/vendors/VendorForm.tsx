import { vendors } from "../api/client";
import type { Vendor, VendorInput } from "../api/client";
import { useEntryForm } from "../catalog/useEntryForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { FormProblems } from "../components/FormProblems";
import { TextAreaField, TextField } from "../components/Field";

function cleaned(input: VendorInput): VendorInput {
  return { ...input, name: input.name.trim(), email: input.email.trim() };
}

interface VendorFormProps {
  /** The vendor to edit; a new one is created without it. */
  vendor?: Vendor;
  onSaved: (vendor: Vendor) => void;
  onCancel: () => void;
}

export function VendorForm({ vendor, onSaved, onCancel }: VendorFormProps) {
  const { values, setField, fieldErrors, unplaced, error, saving, onSubmit } = useEntryForm({
    initial: {
      name: vendor?.name ?? "",
      email: vendor?.email ?? "",
      phone: vendor?.phone ?? "",
      address: vendor?.address ?? "",
    },
    validatePath: "/api/vendors/validate/",
    toBody: (input: VendorInput) => ({ ...cleaned(input), id: vendor?.id }),
    save: (input: VendorInput) =>
      vendor ? vendors.update(vendor.id, cleaned(input)) : vendors.create(cleaned(input)),
    onSaved,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="entry-form">
      <ErrorAlert
        error={error}
        title={vendor ? "Could not save the vendor." : "Could not create the vendor."}
      />
      <FormProblems messages={unplaced} />
      <TextField
        label="Name"
        value={values.name}
        onChange={(e) => setField("name", e.target.value)}
        errors={fieldErrors.name}
        maxLength={200}
        required
      />
      <TextField
        label="Email"
        type="email"
        value={values.email}
        onChange={(e) => setField("email", e.target.value)}
        errors={fieldErrors.email}
      />
      <TextField
        label="Phone"
        type="tel"
        value={values.phone}
        onChange={(e) => setField("phone", e.target.value)}
        errors={fieldErrors.phone}
        maxLength={50}
      />
      <TextAreaField
        label="Address"
        value={values.address}
        onChange={(e) => setField("address", e.target.value)}
        errors={fieldErrors.address}
        maxLength={1000}
        rows={3}
      />
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? "Saving…" : vendor ? "Save changes" : "Create vendor"}
        </button>
      </div>
    </form>
  );
}
