import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";

export function FormsPage() {
  return (
    <>
      <PageHeader
        title="Forms"
        description="Purchase orders and other forms your company fills in."
      />
      <div className="card">
        <EmptyState title="No forms yet">
          <p>Form templates and submitted forms will be listed here.</p>
        </EmptyState>
      </div>
    </>
  );
}
