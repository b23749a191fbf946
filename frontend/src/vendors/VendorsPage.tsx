import { vendors } from "../api/client";
import type { Vendor } from "../api/client";
import { useCurrentUser } from "../auth/session";
import { CatalogTable } from "../catalog/CatalogTable";
import type { Column } from "../catalog/CatalogTable";
import { QuickBooksLinkCell } from "../catalog/QuickBooksLinkDialog";
import { VendorForm } from "./VendorForm";

function columns(canEdit: boolean): Column<Vendor>[] {
  return [
    { header: "Name", cell: (vendor) => <span className="cell-strong">{vendor.name}</span> },
    { header: "Email", cell: (vendor) => vendor.email || <span className="muted">—</span> },
    { header: "Phone", cell: (vendor) => vendor.phone || <span className="muted">—</span> },
    {
      header: "QuickBooks",
      cell: (vendor) => <QuickBooksLinkCell kind="vendor" entry={vendor} canEdit={canEdit} />,
    },
  ];
}

export function VendorsPage() {
  const user = useCurrentUser();
  return (
    <CatalogTable
      title="Vendors"
      description="The suppliers your purchase orders are sent to."
      singular="vendor"
      plural="vendors"
      resource={vendors}
      columns={columns(user.is_admin)}
      canEdit={user.is_admin}
      renderForm={(vendor, onSaved, onCancel) => (
        <VendorForm vendor={vendor} onSaved={onSaved} onCancel={onCancel} />
      )}
    />
  );
}
