import { useParams } from "react-router-dom";
import { useCurrentUser } from "../auth/session";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { TemplateEditor } from "./TemplateEditor";
import { useBuilderData } from "./useBuilderData";

/** /forms/new and /forms/:id/edit: the template builder, for admins. */
export function TemplateBuilderPage() {
  const user = useCurrentUser();
  const params = useParams();
  const templateId = params.id ? Number(params.id) : null;
  const title = templateId === null ? "New form" : "Edit form";

  if (!user.is_admin) {
    return (
      <>
        <PageHeader title={title} />
        <div className="card">
          <EmptyState title="Only admins can build forms">
            <p>Ask an admin of your company to create or change form templates.</p>
          </EmptyState>
        </div>
      </>
    );
  }
  return <AdminBuilder key={templateId ?? "new"} templateId={templateId} title={title} />;
}

function AdminBuilder({ templateId, title }: { templateId: number | null; title: string }) {
  const { data, error, loading, reload } = useBuilderData(templateId);
  if (data) return <TemplateEditor data={data} />;
  return (
    <>
      <PageHeader title={title} />
      <ErrorAlert error={error} title="Could not load the form builder." onRetry={reload} />
      {loading && <Loading label="Loading the form builder…" />}
    </>
  );
}
