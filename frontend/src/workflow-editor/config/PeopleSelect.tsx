import { useQuery } from "@tanstack/react-query";
import { SelectField } from "../../components/Field";
import { companyPeopleQueryOptions, selectedNumbers } from "./people";

/** Choose several of the company's people (approvers, email recipients). */
export function PeopleSelect({
  value,
  errors,
  onChange,
}: {
  value: number[];
  errors?: string[];
  onChange: (ids: number[]) => void;
}) {
  const people = useQuery(companyPeopleQueryOptions());
  return (
    <SelectField
      label="People"
      multiple
      value={value.map(String)}
      errors={errors}
      hint="Hold Ctrl or Shift to choose several."
      onChange={(event) => onChange(selectedNumbers(event.target))}
    >
      {people.data?.results.map((person) => (
        <option key={person.id} value={person.id}>
          {person.display_name}
        </option>
      ))}
    </SelectField>
  );
}
