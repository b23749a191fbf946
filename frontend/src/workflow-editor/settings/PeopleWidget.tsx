import { queryOptions, useQuery } from "@tanstack/react-query";
import { request } from "../../api/client";
import type { Page, User } from "../../api/client";
import { FieldFrame, describedBy } from "../../components/Field";
import type { SettingWidgetProps } from "./widgets";

/** The company's people, for choosing approvers and recipients. */
export function companyPeopleQueryOptions() {
  return queryOptions({
    queryKey: ["users", { page_size: 200 }],
    queryFn: () => request<Page<User>>("GET", "/api/users/?page_size=200"),
  });
}

const HINT = "Hold Ctrl or Shift to choose several.";

/** Choose several of the company's people (the "people" widget: approvers, recipients). */
export function PeopleWidget({ setting, id, value, onChange, errors }: SettingWidgetProps) {
  const people = useQuery(companyPeopleQueryOptions());
  const chosen = Array.isArray(value) ? value.map(String) : [];
  return (
    <FieldFrame id={id} label={setting.label} hint={HINT} errors={errors}>
      <select
        id={id}
        multiple
        value={chosen}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, HINT, errors)}
        onChange={(event) =>
          onChange(Array.from(event.target.selectedOptions, (option) => Number(option.value)))
        }
      >
        {people.data?.results.map((person) => (
          <option key={person.id} value={person.id}>
            {person.display_name}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
