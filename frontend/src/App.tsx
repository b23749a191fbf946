import { Suspense, lazy } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { ApprovalsPage } from "./approvals/ApprovalsPage";
import { ForgotPasswordPage } from "./auth/ForgotPasswordPage";
import { FullPageLoading, RequireAuth } from "./auth/RequireAuth";
import { SetPasswordPage } from "./auth/SetPasswordPage";
import { SignInPage } from "./auth/SignInPage";
import { useSession } from "./auth/session";
import { AppShell } from "./components/AppShell";
import { NotFoundPage } from "./components/NotFoundPage";
import { FormsPage } from "./forms/FormsPage";
import { MaterialsPage } from "./materials/MaterialsPage";
import { SettingsPage } from "./settings/SettingsPage";
import { QuickBooksPage } from "./settings/quickbooks/QuickBooksPage";
import { SubmissionDetailPage } from "./submissions/SubmissionDetailPage";
import { SubmissionsPage } from "./submissions/SubmissionsPage";
import { ReviseFormPage, SubmitFormPage } from "./submissions/SubmitFormPage";
import { TemplateBuilderPage } from "./template-builder/TemplateBuilderPage";
import { VendorsPage } from "./vendors/VendorsPage";
import { CustomersPage } from "./customers/CustomersPage";
import { OpenWorkflowPage } from "./workflows/OpenWorkflowPage";
import { WorkflowsPage } from "./workflows/WorkflowsPage";
import { EDITOR_PATH, loadWorkflowEditor } from "./workflow-editor/preload";
import { Loading } from "./components/Loading";

const WorkflowEditorPage = lazy(() =>
  loadWorkflowEditor().then((module) => ({ default: module.WorkflowEditorPage })),
);

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/invitation/:uid/:token" element={<SetPasswordPage invitation />} />
      <Route path="/reset-password/:uid/:token" element={<SetPasswordPage invitation={false} />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/forms" replace />} />
        <Route path="forms" element={<FormsPage />} />
        <Route path="forms/new" element={<TemplateBuilderPage />} />
        <Route path="forms/:id/edit" element={<TemplateBuilderPage />} />
        <Route path="forms/:id/submit" element={<SubmitFormPage />} />
        <Route path="submissions" element={<SubmissionsPage />} />
        <Route path="submissions/:id" element={<SubmissionDetailPage />} />
        <Route path="submissions/:id/revise" element={<ReviseFormPage />} />
        <Route path="approvals" element={<ApprovalsPage />} />
        <Route path="forms/:id/workflow" element={<OpenWorkflowPage />} />
        <Route path="workflows" element={<WorkflowsPage />} />
        <Route
          path={EDITOR_PATH.slice(1)}
          element={
            <Suspense fallback={<Loading label="Loading the editor…" />}>
              <WorkflowEditorPage />
            </Suspense>
          }
        />
        <Route path="vendors" element={<VendorsPage />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="materials" element={<MaterialsPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="settings/integrations/quickbooks" element={<QuickBooksPage />} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** Unknown routes: inside the app's frame for a signed-in user, on their own otherwise. */
function NotFound() {
  const { state, user } = useSession();
  if (state.status === "loading") return <FullPageLoading />;
  if (user) {
    return (
      <AppShell>
        <NotFoundPage />
      </AppShell>
    );
  }
  return (
    <div className="centered-page">
      <NotFoundPage />
    </div>
  );
}
