import { listUsers, materials, vendors } from "../api/client";
import type { ChooseSource, Material } from "../api/client";
import { formatMoney } from "./decimal";
import type { ComboboxOption } from "./SearchCombobox";

const PICKER_PAGE_SIZE = 20;

export interface MaterialOption extends ComboboxOption {
  material: Material;
}

export function searchMaterials(term: string): Promise<MaterialOption[]> {
  return materials.list({ search: term, active: "true", pageSize: PICKER_PAGE_SIZE }).then((page) =>
    page.results.map((material) => ({
      id: material.id,
      name: material.name,
      detail: `${formatMoney(material.unit_cost)}${material.unit ? ` / ${material.unit}` : ""}`,
      material,
    })),
  );
}

function searchVendors(term: string): Promise<ComboboxOption[]> {
  return vendors
    .list({ search: term, active: "true", pageSize: PICKER_PAGE_SIZE })
    .then((page) =>
      page.results.map((vendor) => ({ id: vendor.id, name: vendor.name, detail: vendor.email })),
    );
}

function searchUsers(term: string): Promise<ComboboxOption[]> {
  return listUsers(term).then((page) =>
    page.results.map((user) => ({
      id: user.id,
      name: user.display_name || user.name || user.email,
      detail: user.email,
    })),
  );
}

/** Where a "choose one or more" field finds its entries. */
export const SOURCE_SEARCH: Record<ChooseSource, (term: string) => Promise<ComboboxOption[]>> = {
  vendors: searchVendors,
  users: searchUsers,
  materials: searchMaterials,
};

export const SOURCE_NOUNS: Record<ChooseSource, { singular: string; plural: string }> = {
  vendors: { singular: "vendor", plural: "vendors" },
  users: { singular: "person", plural: "people" },
  materials: { singular: "material", plural: "materials" },
};
