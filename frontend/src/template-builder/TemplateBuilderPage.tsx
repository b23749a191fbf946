import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router-dom";
import { useCurrentUser } from "../auth/session";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import {
  fieldTypeListQueryOptions,
  formTemplateQueryOptions,
  formTypeListQueryOptions,
} from "../forms/queries";
import { TemplateEditor } from "./TemplateEditor";

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

/** The builder once it has the field types, the form types and the template being edited. */
function AdminBuilder({ templateId, title }: { templateId: number | null; title: string }) {
  const fieldTypes = useQuery(fieldTypeListQueryOptions());
  const formTypes = useQuery(formTypeListQueryOptions());
  const template = useQuery({
    ...formTemplateQueryOptions(templateId ?? 0),
    enabled: templateId !== null,
  });
  const queries = templateId === null ? [fieldTypes, formTypes] : [fieldTypes, formTypes, template];

  if (fieldTypes.data && formTypes.data && (templateId === null || template.data)) {
    return (
      <TemplateEditor
        fieldTypes={fieldTypes.data}
        formTypes={formTypes.data}
        template={template.data ?? null}
      />
    );
  }
  return (
    <>
      <PageHeader title={title} />
      <ErrorAlert
        error={queries.find((query) => query.error)?.error}
        title="Could not load the form builder."
        onRetry={() => queries.filter((query) => query.isError).forEach((query) => query.refetch())}
      />
      {queries.some((query) => query.isPending) && <Loading label="Loading the form builder…" />}
    </>
  );
}
