import { useId } from "react";
import type { ActiveFilter } from "../api/client";

interface CatalogToolbarProps {
  /** "vendors" or "materials". */
  noun: string;
  search: string;
  onSearchChange: (value: string) => void;
  active: ActiveFilter;
  onActiveChange: (value: ActiveFilter) => void;
}

const FILTERS: { value: ActiveFilter; label: string }[] = [
  { value: "true", label: "Active" },
  { value: "false", label: "Inactive" },
  { value: "all", label: "All" },
];

/** Search by name and the Active / Inactive / All filter above a catalog table. */
export function CatalogToolbar({
  noun,
  search,
  onSearchChange,
  active,
  onActiveChange,
}: CatalogToolbarProps) {
  const searchId = useId();
  return (
    <div className="toolbar">
      <div className="search-field">
        <label htmlFor={searchId} className="visually-hidden">
          Search {noun}
        </label>
        <input
          id={searchId}
          type="search"
          placeholder={`Search ${noun} by name`}
          value={search}
          onChange={(e) => onSearchChange(e.target.value)}
        />
      </div>
      <fieldset className="segmented">
        <legend className="visually-hidden">Show</legend>
        {FILTERS.map((filter) => (
          <label key={filter.value} className={filter.value === active ? "selected" : undefined}>
            <input
              type="radio"
              name={`${searchId}-active`}
              value={filter.value}
              checked={filter.value === active}
              onChange={() => onActiveChange(filter.value)}
            />
            {filter.label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
