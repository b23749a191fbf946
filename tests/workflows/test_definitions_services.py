import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.factories import form_template
from workflows.definitions.services import (
    DraftConflict,
    PublishRefused,
    workflow_draft_save,
    workflow_get_or_create,
    workflow_publish,
    workflow_version_restore,
)
from workflows.definitions.validation import GraphStep, GraphTransition

pytest_plugins = ["tests.workflows.definitions_step_types"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("step_types")]

STEPS = [GraphStep("submit", "submit"), GraphStep("note", "note", x=0, y=120)]
ARROWS = [GraphTransition("submit", "next", "note")]


@pytest.fixture
def workflow(admin):
    workflow, _ = workflow_get_or_create(actor=admin, template=form_template(admin=admin))
    return workflow


@pytest.mark.parametrize(
    ("actor", "refusal"), [("member", PermissionDenied), ("other_admin", Http404)]
)
def test_services_refuse_members_and_other_companies_whoever_calls_them(
    request, workflow, actor, refusal
):
    actor = request.getfixturevalue(actor)
    with pytest.raises(refusal):
        workflow_draft_save(
            actor=actor, workflow=workflow, revision=1, steps=STEPS, transitions=ARROWS
        )
    with pytest.raises(refusal):
        workflow_publish(actor=actor, workflow=workflow, revision=1)
    with pytest.raises(refusal):
        workflow_get_or_create(actor=actor, template=workflow.form_template)
    with pytest.raises(refusal):
        workflow_version_restore(actor=actor, version=workflow.versions.get())


def test_publish_and_restore_keep_published_versions_unchanged(admin, workflow):
    draft, problems = workflow_draft_save(
        actor=admin, workflow=workflow, revision=1, steps=STEPS, transitions=ARROWS
    )
    assert problems == [] and draft.revision == 2
    published = workflow_publish(actor=admin, workflow=workflow, revision=2)
    assert (published.number, published.published_by) == (1, admin)
    with pytest.raises(DraftConflict):
        workflow_draft_save(actor=admin, workflow=workflow, revision=1, steps=STEPS, transitions=[])
    draft, problems = workflow_draft_save(
        actor=admin, workflow=workflow, revision=2, steps=STEPS, transitions=[]
    )
    assert [p.code for p in problems] == ["no_path", "unreachable"]
    with pytest.raises(PublishRefused):
        workflow_publish(actor=admin, workflow=workflow, revision=draft.revision)
    # Restoring the version that runs now drops the draft: there is nothing left to publish.
    restored = workflow_version_restore(actor=admin, version=published)
    assert restored.pk == published.pk and restored.revision == draft.revision + 1
    assert not workflow.versions.filter(state="draft").exists()
    published.refresh_from_db()
    assert published.steps.count() == 2 and published.state == "published"
