import { vendors } from "../api/client";
import type { Vendor, VendorInput } from "../api/client";
import { useEntryForm } from "../catalog/useEntryForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { FormProblems } from "../components/FormProblems";
import { TextAreaField, TextField } from "../components/Field";

type VendorValues = Required<VendorInput>;

const FIELDS = ["name", "email", "phone", "address"] as const;

function cleaned(input: VendorValues): VendorValues {
  return { ...input, name: input.name.trim(), email: input.email.trim() };
}

interface VendorFormProps {
  /** The vendor to edit; a new one is created without it. */
  vendor?: Vendor;
  onSaved: (vendor: Vendor) => void;
  onCancel: () => void;
}

export function VendorForm({ vendor, onSaved, onCancel }: VendorFormProps) {
  const { form, fieldErrors, unplaced, error, saving, onSubmit } = useEntryForm({
    defaultValues: {
      name: vendor?.name ?? "",
      email: vendor?.email ?? "",
      phone: vendor?.phone ?? "",
      address: vendor?.address ?? "",
    },
    fields: FIELDS,
    validatePath: "/api/vendors/validate/",
    toBody: (input: VendorValues) => ({ ...cleaned(input), id: vendor?.id }),
    save: (input: VendorValues) =>
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
        errors={fieldErrors.name}
        maxLength={200}
        required
        {...form.register("name")}
      />
      <TextField
        label="Email"
        type="email"
        errors={fieldErrors.email}
        {...form.register("email")}
      />
      <TextField
        label="Phone"
        type="tel"
        errors={fieldErrors.phone}
        maxLength={50}
        {...form.register("phone")}
      />
      <TextAreaField
        label="Address"
        errors={fieldErrors.address}
        maxLength={1000}
        rows={3}
        {...form.register("address")}
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
