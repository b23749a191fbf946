import { useQuery } from "@tanstack/react-query";
import { customers } from "../api/client";
import type { Customer, CustomerInput } from "../api/client";
import { useEntryForm } from "../catalog/useEntryForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { FormProblems } from "../components/FormProblems";
import { SelectField, TextField } from "../components/Field";

/** The form's values; `parent` is the chosen customer's id as the select gives it, or blank. */
interface CustomerValues {
  name: string;
  parent: string;
  email: string;
  phone: string;
}

const FIELDS = ["name", "parent", "email", "phone"] as const;
// Enough for any company's customers to be offered as a project's customer.
const PARENT_CHOICES = 200;

function cleaned(input: CustomerValues): CustomerInput {
  return {
    name: input.name.trim(),
    parent: input.parent ? Number(input.parent) : null,
    email: input.email.trim(),
    phone: input.phone,
  };
}

interface CustomerFormProps {
  /** The customer or project to edit; a new one is created without it. */
  customer?: Customer;
  onSaved: (customer: Customer) => void;
  onCancel: () => void;
}

export function CustomerForm({ customer, onSaved, onCancel }: CustomerFormProps) {
  const parents = useQuery({
    queryKey: [customers.name, "parents"],
    queryFn: () => customers.list({ kind: "customers", active: "true", pageSize: PARENT_CHOICES }),
  });
  const { form, fieldErrors, unplaced, error, saving, onSubmit } = useEntryForm({
    defaultValues: {
      name: customer?.name ?? "",
      parent: customer?.parent ? String(customer.parent) : "",
      email: customer?.email ?? "",
      phone: customer?.phone ?? "",
    },
    fields: FIELDS,
    validatePath: "/api/customers/validate/",
    toBody: (input: CustomerValues) => ({ ...cleaned(input), id: customer?.id }),
    save: (input: CustomerValues) =>
      customer ? customers.update(customer.id, cleaned(input)) : customers.create(cleaned(input)),
    onSaved,
  });
  const choices = (parents.data?.results ?? []).filter((other) => other.id !== customer?.id);

  return (
    <form onSubmit={onSubmit} noValidate className="entry-form">
      <ErrorAlert
        error={error}
        title={customer ? "Could not save the customer." : "Could not create the customer."}
      />
      <ErrorAlert error={parents.error} title="Could not load the customers." />
      <FormProblems messages={unplaced} />
      <TextField
        label="Name"
        errors={fieldErrors.name}
        maxLength={200}
        required
        {...form.register("name")}
      />
      <SelectField
        label="Project of"
        hint="A project (job) belongs to a customer; leave blank for a customer."
        errors={fieldErrors.parent}
        {...form.register("parent")}
      >
        <option value="">— None: this is a customer —</option>
        {choices.map((other) => (
          <option key={other.id} value={String(other.id)}>
            {other.name}
          </option>
        ))}
      </SelectField>
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
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? "Saving…" : customer ? "Save changes" : "Create customer"}
        </button>
      </div>
    </form>
  );
}
