import { materials } from "../api/client";
import type { Material, MaterialInput } from "../api/client";
import { useEntryForm } from "../catalog/useEntryForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { FormProblems } from "../components/FormProblems";
import { TextAreaField, TextField } from "../components/Field";

type MaterialValues = Required<MaterialInput>;

const FIELDS = ["name", "description", "unit", "unit_cost"] as const;

function cleaned(input: MaterialValues): MaterialValues {
  return {
    ...input,
    name: input.name.trim(),
    unit: input.unit.trim(),
    unit_cost: input.unit_cost.trim(),
  };
}

interface MaterialFormProps {
  /** The material to edit; a new one is created without it. */
  material?: Material;
  onSaved: (material: Material) => void;
  onCancel: () => void;
}

export function MaterialForm({ material, onSaved, onCancel }: MaterialFormProps) {
  const { form, fieldErrors, unplaced, error, saving, onSubmit } = useEntryForm({
    defaultValues: {
      name: material?.name ?? "",
      description: material?.description ?? "",
      unit: material?.unit ?? "",
      unit_cost: material?.unit_cost ?? "0.00",
    },
    fields: FIELDS,
    validatePath: "/api/materials/validate/",
    toBody: (input: MaterialValues) => ({ ...cleaned(input), id: material?.id }),
    save: (input: MaterialValues) =>
      material ? materials.update(material.id, cleaned(input)) : materials.create(cleaned(input)),
    onSaved,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="entry-form">
      <ErrorAlert
        error={error}
        title={material ? "Could not save the material." : "Could not create the material."}
      />
      <FormProblems messages={unplaced} />
      <TextField
        label="Name"
        errors={fieldErrors.name}
        maxLength={200}
        required
        {...form.register("name")}
      />
      <TextAreaField
        label="Description"
        errors={fieldErrors.description}
        maxLength={4000}
        rows={3}
        {...form.register("description")}
      />
      <div className="field-row">
        <TextField
          label="Unit"
          errors={fieldErrors.unit}
          maxLength={30}
          hint="each, ft, box…"
          {...form.register("unit")}
        />
        <TextField
          label="Unit cost"
          inputMode="decimal"
          errors={fieldErrors.unit_cost}
          hint="In dollars, e.g. 12.50"
          {...form.register("unit_cost")}
        />
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? "Saving…" : material ? "Save changes" : "Create material"}
        </button>
      </div>
    </form>
  );
}
