from django.urls import path

from workflows.definitions import api

urlpatterns = [
    path("step-types/", api.StepTypeListApi.as_view(), name="step-type-list"),
    path("workflows/", api.WorkflowListApi.as_view(), name="workflow-list"),
    path("workflows/<int:pk>/", api.WorkflowDetailApi.as_view(), name="workflow-detail"),
    path("workflows/<int:pk>/draft/", api.WorkflowDraftApi.as_view(), name="workflow-draft"),
    path("workflows/<int:pk>/publish/", api.WorkflowPublishApi.as_view(), name="workflow-publish"),
    path(
        "workflows/<int:pk>/versions/",
        api.WorkflowVersionListApi.as_view(),
        name="workflow-version-list",
    ),
    path(
        "workflows/<int:pk>/versions/<int:number>/",
        api.WorkflowVersionDetailApi.as_view(),
        name="workflow-version-detail",
    ),
    path(
        "workflows/<int:pk>/versions/<int:number>/restore/",
        api.WorkflowVersionRestoreApi.as_view(),
        name="workflow-version-restore",
    ),
]
