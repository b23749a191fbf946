import { SelectField } from "../../components/Field";
import { peopleFields } from "./people";
import { PeopleSelect } from "./PeopleSelect";
import { registerStepConfig } from "./registry";
import type { StepConfigProps } from "./registry";

/** Who approves: chosen people, everyone with a role, or the person picked in a form field. */
export function ApprovalConfig({ config, onChange, errors, fields }: StepConfigProps) {
  const approvers = (config.approvers as string | undefined) ?? "";
  const users = (config.users as number[] | undefined) ?? [];
  const pickers = peopleFields(fields);
  return (
    <>
      <SelectField
        label="Approvers"
        required
        value={approvers}
        errors={errors.approvers}
        onChange={(event) => onChange({ ...config, approvers: event.target.value })}
      >
        <option value="">Choose who approves</option>
        <option value="users">These people</option>
        <option value="role">Everyone with a role</option>
        <option value="field">The person chosen in a form field</option>
      </SelectField>
      {approvers === "users" && (
        <PeopleSelect
          value={users}
          errors={errors.users}
          onChange={(ids) => onChange({ ...config, users: ids })}
        />
      )}
      {approvers === "role" && (
        <SelectField
          label="Role"
          value={(config.role as string | undefined) ?? "admin"}
          errors={errors.role}
          onChange={(event) => onChange({ ...config, role: event.target.value })}
        >
          <option value="admin">Admins</option>
          <option value="member">Members</option>
        </SelectField>
      )}
      {approvers === "field" && (
        <SelectField
          label="Form field"
          value={(config.field as string | undefined) ?? ""}
          errors={errors.field}
          onChange={(event) => onChange({ ...config, field: event.target.value })}
        >
          <option value="">Choose a field that picks people</option>
          {pickers.map((field) => (
            <option key={field.id} value={field.id}>
              {field.label}
            </option>
          ))}
        </SelectField>
      )}
    </>
  );
}

registerStepConfig("approval", ApprovalConfig);
