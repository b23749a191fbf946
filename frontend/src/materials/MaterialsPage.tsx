import { materials } from "../api/client";
import type { Material } from "../api/client";
import { useCurrentUser } from "../auth/session";
import { CatalogTable } from "../catalog/CatalogTable";
import type { Column } from "../catalog/CatalogTable";
import { QuickBooksLinkCell } from "../catalog/QuickBooksLinkDialog";
import { formatMoney } from "../form-fields/decimal";
import { MaterialForm } from "./MaterialForm";

function columns(canEdit: boolean): Column<Material>[] {
  return [
    {
      header: "Name",
      cell: (material) => (
        <>
          <span className="cell-strong">{material.name}</span>
          {material.description && <span className="cell-secondary">{material.description}</span>}
        </>
      ),
    },
    { header: "Unit", cell: (material) => material.unit || <span className="muted">—</span> },
    { header: "Unit cost", numeric: true, cell: (material) => formatMoney(material.unit_cost) },
    {
      header: "QuickBooks",
      cell: (material) => <QuickBooksLinkCell kind="material" entry={material} canEdit={canEdit} />,
    },
  ];
}

export function MaterialsPage() {
  const user = useCurrentUser();
  return (
    <CatalogTable
      title="Materials"
      description="The items your crews order, with their unit and cost."
      singular="material"
      plural="materials"
      resource={materials}
      columns={columns(user.is_admin)}
      canEdit={user.is_admin}
      renderForm={(material, onSaved, onCancel) => (
        <MaterialForm material={material} onSaved={onSaved} onCancel={onCancel} />
      )}
    />
  );
}
