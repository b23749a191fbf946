import { SelectField, TextAreaField, TextField } from "../../components/Field";
import { peopleFields } from "./people";
import { PeopleSelect } from "./PeopleSelect";
import { registerStepConfig } from "./registry";
import type { StepConfigProps } from "./registry";

function emailList(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((email) => email.trim())
    .filter(Boolean);
}

/** Recipients (people, addresses, a form field) and the message, with {{field}} placeholders. */
export function SendEmailConfig({ config, onChange, errors, fields }: StepConfigProps) {
  const users = (config.users as number[] | undefined) ?? [];
  const emails = (config.emails as string[] | undefined) ?? [];
  return (
    <>
      <PeopleSelect
        value={users}
        errors={errors.users}
        onChange={(ids) => onChange({ ...config, users: ids })}
      />
      <TextField
        label="Other email addresses"
        defaultValue={emails.join(", ")}
        errors={errors.emails}
        hint="Separate addresses with commas."
        onChange={(event) => onChange({ ...config, emails: emailList(event.target.value) })}
      />
      <SelectField
        label="Person chosen in a form field"
        value={(config.field as string | undefined) ?? ""}
        errors={errors.field}
        onChange={(event) => onChange({ ...config, field: event.target.value })}
      >
        <option value="">Nobody</option>
        {peopleFields(fields).map((field) => (
          <option key={field.id} value={field.id}>
            {field.label}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Subject"
        required
        value={(config.subject as string | undefined) ?? ""}
        errors={errors.subject}
        onChange={(event) => onChange({ ...config, subject: event.target.value })}
      />
      <TextAreaField
        label="Message"
        required
        rows={5}
        value={(config.body as string | undefined) ?? ""}
        errors={errors.body}
        hint={`Insert a form value with {{field id}}, e.g. ${fields[0] ? `{{${fields[0].id}}}` : "{{memo}}"}.`}
        onChange={(event) => onChange({ ...config, body: event.target.value })}
      />
    </>
  );
}

registerStepConfig("send_email", SendEmailConfig);
