import { materials } from "../api/client";
import type { Material, MaterialInput } from "../api/client";
import { useEntryForm } from "../catalog/useEntryForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { FormProblems } from "../components/FormProblems";
import { TextAreaField, TextField } from "../components/Field";

function cleaned(input: MaterialInput): MaterialInput {
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
  const { values, setField, fieldErrors, unplaced, error, saving, onSubmit } = useEntryForm({
    initial: {
      name: material?.name ?? "",
      description: material?.description ?? "",
      unit: material?.unit ?? "",
      unit_cost: material?.unit_cost ?? "0.00",
    },
    validatePath: "/api/materials/validate/",
    toBody: (input: MaterialInput) => ({ ...cleaned(input), id: material?.id }),
    save: (input: MaterialInput) =>
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
        value={values.name}
        onChange={(e) => setField("name", e.target.value)}
        errors={fieldErrors.name}
        maxLength={200}
        required
      />
      <TextAreaField
        label="Description"
        value={values.description}
        onChange={(e) => setField("description", e.target.value)}
        errors={fieldErrors.description}
        maxLength={4000}
        rows={3}
      />
      <div className="field-row">
        <TextField
          label="Unit"
          value={values.unit}
          onChange={(e) => setField("unit", e.target.value)}
          errors={fieldErrors.unit}
          maxLength={30}
          hint="each, ft, box…"
        />
        <TextField
          label="Unit cost"
          inputMode="decimal"
          value={values.unit_cost}
          onChange={(e) => setField("unit_cost", e.target.value)}
          errors={fieldErrors.unit_cost}
          hint="In dollars, e.g. 12.50"
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
