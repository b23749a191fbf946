from django.urls import include, path

from workflows.engine import api as engine_api
from workflows.forms import api
from workflows.timeline.api import SubmissionTimelineApi

urlpatterns = [
    path("", include("workflows.definitions.urls")),
    path("field-types/", api.FieldTypeListApi.as_view(), name="field-type-list"),
    path("form-types/", api.FormTypeListApi.as_view(), name="form-type-list"),
    path("form-types/validate/", api.FormTypeValidateApi.as_view(), name="form-type-validate"),
    path("form-types/<int:pk>/", api.FormTypeDetailApi.as_view(), name="form-type-detail"),
    path("form-templates/", api.FormTemplateListApi.as_view(), name="form-template-list"),
    path(
        "form-templates/validate/",
        api.FormTemplateValidateApi.as_view(),
        name="form-template-validate",
    ),
    path(
        "form-templates/<int:pk>/", api.FormTemplateDetailApi.as_view(), name="form-template-detail"
    ),
    path(
        "form-templates/<int:pk>/validate/",
        api.SubmissionValidateApi.as_view(),
        name="submission-validate",
    ),
    path(
        "form-templates/<int:pk>/archive/",
        api.FormTemplateArchiveApi.as_view(),
        name="form-template-archive",
    ),
    path(
        "form-templates/<int:pk>/restore/",
        api.FormTemplateRestoreApi.as_view(),
        name="form-template-restore",
    ),
    path("submissions/", api.SubmissionListApi.as_view(), name="submission-list"),
    path(
        "submissions/statuses/", api.SubmissionStatusListApi.as_view(), name="submission-statuses"
    ),
    path(
        "submissions/reports/",
        engine_api.SubmissionReportFilterListApi.as_view(),
        name="submission-report-filters",
    ),
    path("submissions/<int:pk>/", api.SubmissionDetailApi.as_view(), name="submission-detail"),
    path(
        "submissions/<int:pk>/revise/", api.SubmissionReviseApi.as_view(), name="submission-revise"
    ),
    path(
        "submissions/<int:pk>/timeline/",
        SubmissionTimelineApi.as_view(),
        name="submission-timeline",
    ),
    path("submissions/<int:pk>/run/", engine_api.SubmissionRunApi.as_view(), name="submission-run"),
    path("approvals/", engine_api.ApprovalListApi.as_view(), name="approval-list"),
    path(
        "step-runs/<int:pk>/actions/<slug:action>/",
        engine_api.StepRunActionApi.as_view(),
        name="step-run-action",
    ),
    path("step-runs/<int:pk>/retry/", engine_api.StepRunRetryApi.as_view(), name="step-run-retry"),
    path("runs/<int:pk>/cancel/", engine_api.WorkflowRunCancelApi.as_view(), name="run-cancel"),
]
