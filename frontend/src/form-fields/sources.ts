import { customers, listUsers, materials, vendors } from "../api/client";
import type { ChooseSource, Material } from "../api/client";
import { formatMoney } from "./decimal";
import type { ComboboxOption, SearchQuery } from "./SearchCombobox";

const PICKER_PAGE_SIZE = 20;

export interface MaterialOption extends ComboboxOption {
  material: Material;
}

/** Under the catalog's own key, so that changing the catalog refreshes its pickers too; `part`
 * tells apart two pickers of one catalog. */
function pickerQuery<Option extends ComboboxOption>(
  root: string,
  search: (term: string) => Promise<Option[]>,
  part = "all",
): SearchQuery<Option> {
  return (term) => ({ queryKey: [root, "picker", part, term], queryFn: () => search(term) });
}

function searchMaterials(term: string): Promise<MaterialOption[]> {
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

/** Customers with their projects, or projects only, named "Customer:Project" as bookkeepers do. */
function searchCustomers(kind?: "projects") {
  return (term: string): Promise<ComboboxOption[]> =>
    customers
      .list({ search: term, active: "true", pageSize: PICKER_PAGE_SIZE, kind })
      .then((page) =>
        page.results.map((customer) => ({
          id: customer.id,
          name: customer.full_name,
          detail: customer.parent_name ? "Project" : "Customer",
        })),
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

export const materialSearchQuery = pickerQuery("materials", searchMaterials);

/** Where a "choose one or more" field finds its entries. */
export const SOURCE_SEARCH: Record<ChooseSource, SearchQuery<ComboboxOption>> = {
  vendors: pickerQuery("vendors", searchVendors),
  users: pickerQuery("users", searchUsers),
  materials: materialSearchQuery,
  customers: pickerQuery("customers", searchCustomers()),
  projects: pickerQuery("customers", searchCustomers("projects"), "projects"),
};

export const SOURCE_NOUNS: Record<ChooseSource, { singular: string; plural: string }> = {
  vendors: { singular: "vendor", plural: "vendors" },
  users: { singular: "person", plural: "people" },
  materials: { singular: "material", plural: "materials" },
  customers: { singular: "customer or project", plural: "customers and projects" },
  projects: { singular: "project", plural: "projects" },
};
