import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";

export function WorkflowsPage() {
  return (
    <>
      <PageHeader
        title="Workflows"
        description="The approvals, emails and QuickBooks steps each form goes through."
      />
      <div className="card">
        <EmptyState title="No workflows yet">
          <p>Each form template’s workflow will be listed here.</p>
        </EmptyState>
      </div>
    </>
  );
}
