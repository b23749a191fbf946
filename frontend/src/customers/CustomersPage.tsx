import { customers } from "../api/client";
import type { Customer } from "../api/client";
import { useCurrentUser } from "../auth/session";
import { CatalogTable } from "../catalog/CatalogTable";
import type { Column } from "../catalog/CatalogTable";
import { QuickBooksLinkCell } from "../catalog/QuickBooksLinkDialog";
import { CustomerForm } from "./CustomerForm";

function columns(canEdit: boolean): Column<Customer>[] {
  return [
    {
      header: "Name",
      cell: (customer) => (
        <>
          <span className="cell-strong">{customer.name}</span>
          {customer.parent_name && (
            <span className="cell-secondary">Project of {customer.parent_name}</span>
          )}
        </>
      ),
    },
    { header: "Email", cell: (customer) => customer.email || <span className="muted">—</span> },
    { header: "Phone", cell: (customer) => customer.phone || <span className="muted">—</span> },
    {
      header: "QuickBooks",
      cell: (customer) => <QuickBooksLinkCell kind="customer" entry={customer} canEdit={canEdit} />,
    },
  ];
}

export function CustomersPage() {
  const user = useCurrentUser();
  return (
    <CatalogTable
      title="Customers"
      description="Who the work is for, each with its projects (jobs) that purchase orders are costed to."
      singular="customer"
      plural="customers"
      resource={customers}
      columns={columns(user.is_admin)}
      canEdit={user.is_admin}
      renderForm={(customer, onSaved, onCancel) => (
        <CustomerForm customer={customer} onSaved={onSaved} onCancel={onCancel} />
      )}
    />
  );
}
