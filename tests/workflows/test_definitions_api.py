import pytest

from tests.factories import UserFactory, form_template
from workflows.definitions.models import Step, Transition, WorkflowVersion

pytest_plugins = ["tests.workflows.definitions_step_types"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("step_types")]

DRAWING = {
    "steps": [
        {"key": "submit", "type": "submit", "x": 0, "y": 0},
        {"key": "review", "type": "review", "config": {"reviewer": "vendor"}, "x": 0, "y": 120},
        {"key": "note", "type": "note", "x": 0, "y": 240},
    ],
    "transitions": [
        {"source": "submit", "outcome": "next", "target": "review"},
        {"source": "review", "outcome": "approved", "target": "note"},
    ],
}


@pytest.fixture
def po(admin):
    return form_template(admin=admin)


@pytest.fixture
def opened(admin_client, po):
    response = admin_client.post("/api/workflows/", {"template": po.pk}, format="json")
    assert response.status_code == 201
    return response.json()


def save(client, workflow, revision, drawing=DRAWING):
    return client.put(
        f"/api/workflows/{workflow['id']}/draft/", {"revision": revision, **drawing}, format="json"
    )


def test_opening_a_form_workflow_starts_a_draft_with_submit_alone(admin_client, po, opened):
    assert opened["state"] == "draft" and opened["published_number"] is None
    assert opened["steps"] == [{"key": "submit", "type": "submit", "config": {}, "x": 0, "y": 0}]
    assert [p["code"] for p in opened["problems"]] == ["no_path"]
    again = admin_client.post("/api/workflows/", {"template": po.pk}, format="json")
    assert again.status_code == 200 and again.json()["id"] == opened["id"]


def test_step_types_say_which_can_be_used_on_the_form_and_why_not(admin_client, admin, po):
    general = form_template(admin=admin, key="general", name="Daily Log")
    types = admin_client.get(f"/api/step-types/?template={general.pk}").json()
    by_key = {t["key"]: t for t in types}
    assert list(by_key) == ["submit", "review", "note", "check", "po_only"]
    assert by_key["review"]["outcomes"] == ["approved", "rejected"]
    assert by_key["po_only"] == {
        "key": "po_only", "label": "PO only", "icon": "cart",
        "description": "Only for purchase orders.", "outcomes": ["next"], "available": False,
        "reason": "The form is not a purchase order.", "settings": [], "settings_panels": [],
        "arrows": {"into": "", "to_itself": "A step cannot lead to itself."}, "actions": [],
        "report_title": "",
    }  # fmt: skip
    assert by_key["submit"]["arrows"]["into"] == "Nothing can lead back to Submit."
    assert by_key["review"]["actions"] == [
        {"name": "approve", "label": "Approve", "note": "none", "style": "primary"},
        {"name": "reject", "label": "Reject", "note": "none", "style": "primary"},
    ]
    [reviewer] = by_key["review"]["settings"]
    assert (reviewer["name"], reviewer["kind"], reviewer["required"]) == ("reviewer", "text", True)
    assert admin_client.get("/api/step-types/").status_code == 400
    workflow = admin_client.post("/api/workflows/", {"template": general.pk}, format="json").json()
    assert admin_client.get(f"/api/step-types/?workflow={workflow['id']}").json() == types
    both = admin_client.get(f"/api/step-types/?workflow={workflow['id']}&template={general.pk}")
    assert both.status_code == 400
    assert admin_client.get("/api/step-types/?template=abc").status_code == 400


def test_saving_returns_problems_and_keeps_the_draft(admin_client, opened):
    broken = {**DRAWING, "transitions": DRAWING["transitions"][:1]}
    response = save(admin_client, opened, opened["revision"], broken)
    assert response.status_code == 200
    body = response.json()
    assert body["revision"] == opened["revision"] + 1
    assert [(p["code"], p["step"]) for p in body["problems"]] == [("unreachable", "note")]
    assert len(body["steps"]) == 3
    fixed = save(admin_client, body, body["revision"])
    assert fixed.status_code == 200 and fixed.json()["problems"] == []


def test_missing_settings_are_problems_with_the_field_errors(admin_client, opened):
    drawing = {**DRAWING, "steps": [*DRAWING["steps"][:1], {**DRAWING["steps"][1], "config": {}},
                                    DRAWING["steps"][2]]}  # fmt: skip
    body = save(admin_client, opened, opened["revision"], drawing).json()
    [problem] = body["problems"]
    assert problem["step"] == "review" and problem["code"] == "settings"
    assert problem["fields"] == {"reviewer": ["This field is required."]}


def steps(*steps):
    return {"steps": list(steps), "transitions": []}


def arrows(*transitions):
    return {**DRAWING, "transitions": list(transitions)}


A = {"key": "a", "type": "submit", "x": 0, "y": 0}
NEXT = {"source": "submit", "outcome": "next", "target": "review"}


@pytest.mark.parametrize(
    ("drawing", "field"),
    [
        ({"steps": "many", "transitions": []}, "steps"),
        (steps({**A, "key": "a b"}), "steps"),
        (steps({**A, "x": "left"}), "steps"),
        (steps({**A, "config": []}), "steps"),
        (steps({**A, "type": "teleport"}), "steps"),
        (steps(A, A), "steps"),
        (arrows({**NEXT, "target": "gone"}), "transitions"),
        (arrows({**NEXT, "source": "gone"}), "transitions"),
        (arrows(NEXT, {**NEXT, "target": "note"}), "transitions"),
        (arrows({"source": "submit"}), "transitions"),
    ],
)
def test_drawings_that_cannot_be_stored_are_refused_with_field_errors(
    admin_client, opened, drawing, field
):
    response = save(admin_client, opened, opened["revision"], drawing)
    assert response.status_code == 400
    assert field in response.json()
    assert WorkflowVersion.objects.get(workflow_id=opened["id"]).revision == opened["revision"]


def test_a_stale_save_is_refused_naming_who_saved_and_when(admin_client, company, opened):
    other = UserFactory(company=company, role="admin", name="Sam Second")
    from rest_framework.test import APIClient

    second = APIClient()
    second.force_login(other)
    assert save(second, opened, opened["revision"]).status_code == 200
    stale = save(admin_client, opened, opened["revision"])
    assert stale.status_code == 409
    body = stale.json()
    assert body["saved_by"]["display_name"] == "Sam Second"
    assert body["revision"] == opened["revision"] + 1
    assert "Sam Second saved this workflow at" in body["detail"]
    assert WorkflowVersion.objects.get(workflow_id=opened["id"]).updated_by == other


def test_publish_numbers_versions_and_refuses_problems(admin_client, opened):
    workflow_id = opened["id"]
    refused = admin_client.post(
        f"/api/workflows/{workflow_id}/publish/", {"revision": opened["revision"]}, format="json"
    )
    assert refused.status_code == 400
    assert [p["code"] for p in refused.json()["problems"]] == ["no_path"]

    saved = save(admin_client, opened, opened["revision"]).json()
    first = admin_client.post(
        f"/api/workflows/{workflow_id}/publish/", {"revision": saved["revision"]}, format="json"
    ).json()
    assert first["state"] == "published" and first["published_number"] == 1
    nothing = admin_client.post(
        f"/api/workflows/{workflow_id}/publish/", {"revision": first["revision"]}, format="json"
    )
    assert nothing.status_code == 400

    # Editing after publishing starts a new draft; the published version stays as it was.
    edited = save(admin_client, first, first["revision"], {**DRAWING, "steps": [
        *DRAWING["steps"][:2], {**DRAWING["steps"][2], "x": 300}]}).json()  # fmt: skip
    assert edited["state"] == "draft" and edited["revision"] == first["revision"] + 1
    second = admin_client.post(
        f"/api/workflows/{workflow_id}/publish/", {"revision": edited["revision"]}, format="json"
    ).json()
    assert second["published_number"] == 2
    versions = admin_client.get(f"/api/workflows/{workflow_id}/versions/").json()
    assert [v["number"] for v in versions] == [2, 1]
    v1 = admin_client.get(f"/api/workflows/{workflow_id}/versions/1/").json()
    assert {s["key"]: s["x"] for s in v1["steps"]}["note"] == 0
    assert v1["transitions"] == DRAWING["transitions"]


def test_a_stale_publish_is_refused(admin_client, opened):
    saved = save(admin_client, opened, opened["revision"]).json()
    stale = admin_client.post(
        f"/api/workflows/{opened['id']}/publish/", {"revision": opened["revision"]}, format="json"
    )
    assert stale.status_code == 409
    assert WorkflowVersion.objects.get(workflow_id=opened["id"]).revision == saved["revision"]


def publish(client, detail):
    response = client.post(
        f"/api/workflows/{detail['id']}/publish/", {"revision": detail["revision"]}, format="json"
    )
    assert response.status_code == 200
    return response.json()


def test_restoring_a_version_copies_it_into_the_draft(admin_client, opened):
    workflow_id = opened["id"]
    saved = save(admin_client, opened, opened["revision"]).json()
    first = publish(admin_client, saved)
    moved = {**DRAWING, "steps": [*DRAWING["steps"][:2], {**DRAWING["steps"][2], "x": 300}]}
    second = publish(admin_client, save(admin_client, first, first["revision"], moved).json())
    only_submit = {"steps": DRAWING["steps"][:1], "transitions": []}
    draft = save(admin_client, second, second["revision"], only_submit).json()
    assert len(draft["steps"]) == 1
    restored = admin_client.post(f"/api/workflows/{workflow_id}/versions/1/restore/").json()
    assert restored["state"] == "draft" and restored["revision"] == draft["revision"] + 1
    assert restored["steps"] == saved["steps"] and restored["transitions"] == saved["transitions"]
    assert Step.objects.filter(version__workflow_id=workflow_id).count() == 9
    assert Transition.objects.filter(version__workflow_id=workflow_id).count() == 6
    # Restoring the version that runs now leaves nothing to publish: the draft is dropped.
    latest = admin_client.post(f"/api/workflows/{workflow_id}/versions/2/restore/").json()
    assert latest["state"] == "published" and latest["revision"] == restored["revision"] + 1
    assert latest["steps"] == second["steps"]
    assert not WorkflowVersion.objects.filter(workflow_id=workflow_id, state="draft").exists()
    assert admin_client.post(f"/api/workflows/{workflow_id}/versions/9/restore/").status_code == 404


def test_a_draft_drawn_back_to_the_published_version_is_no_draft(admin_client, opened):
    workflow_id = opened["id"]
    published = publish(admin_client, save(admin_client, opened, opened["revision"]).json())
    added = {
        "steps": [*DRAWING["steps"], {"key": "note_2", "type": "note", "x": 200, "y": 240}],
        "transitions": DRAWING["transitions"],
    }
    draft = save(admin_client, published, published["revision"], added).json()
    assert draft["state"] == "draft"
    assert admin_client.get("/api/workflows/").json()[0]["draft"]["revision"] == draft["revision"]

    # The step deleted again, the review's settings holding a key its type ignores (the published
    # version holds them as validated): the workflow reads as published, with no draft listed.
    review = {**DRAWING["steps"][1], "config": {"reviewer": "vendor", "ignored": 1}}
    as_typed = {**DRAWING, "steps": [DRAWING["steps"][0], review, DRAWING["steps"][2]]}
    back = save(admin_client, draft, draft["revision"], as_typed).json()
    assert back["state"] == "published" and back["published_number"] == 1
    assert back["revision"] == draft["revision"] + 1
    assert admin_client.get(f"/api/workflows/{workflow_id}/").json()["state"] == "published"
    row = admin_client.get("/api/workflows/").json()[0]
    assert row["draft"] is None and row["published"]["number"] == 1
    assert WorkflowVersion.objects.filter(workflow_id=workflow_id).count() == 1
    nothing = admin_client.post(
        f"/api/workflows/{workflow_id}/publish/", {"revision": back["revision"]}, format="json"
    )
    assert nothing.status_code == 400

    # An editor still holding the dropped draft's revision is refused; the next edit starts a
    # draft again, and a moved step is a change.
    assert save(admin_client, draft, draft["revision"], added).status_code == 409
    moved = {**DRAWING, "steps": [*DRAWING["steps"][:2], {**DRAWING["steps"][2], "y": 260}]}
    again = save(admin_client, back, back["revision"], moved).json()
    assert again["state"] == "draft" and again["revision"] == back["revision"] + 1


def test_the_workflows_list_shows_each_form_with_its_published_version_and_draft(
    admin_client, admin, po, opened
):
    form_template(admin=admin, key="general", name="Daily Log")
    rows = admin_client.get("/api/workflows/").json()
    assert [(r["template"]["name"], r["workflow_id"]) for r in rows] == [
        ("Daily Log", None), ("Purchase Order", opened["id"]),
    ]  # fmt: skip
    assert rows[1]["published"] is None and rows[1]["draft"]["revision"] == opened["revision"]
    saved = save(admin_client, opened, opened["revision"]).json()
    admin_client.post(
        f"/api/workflows/{opened['id']}/publish/", {"revision": saved["revision"]}, format="json"
    )
    row = admin_client.get("/api/workflows/").json()[1]
    assert row["published"]["number"] == 1 and row["draft"] is None and row["step_count"] == 3


def test_members_cannot_see_or_change_workflows(member_client, po, opened):
    workflow_id = opened["id"]
    assert member_client.get("/api/workflows/").status_code == 403
    assert member_client.get(f"/api/workflows/{workflow_id}/").status_code == 403
    assert member_client.get(f"/api/step-types/?template={po.pk}").status_code == 403
    assert member_client.post("/api/workflows/", {"template": po.pk}).status_code == 403
    assert save(member_client, opened, opened["revision"]).status_code == 403
    publish = member_client.post(f"/api/workflows/{workflow_id}/publish/", {"revision": 1})
    assert publish.status_code == 403
    assert (
        member_client.post(f"/api/workflows/{workflow_id}/versions/1/restore/").status_code == 403
    )


def test_another_company_cannot_reach_the_workflow(other_client, po, opened):
    workflow_id = opened["id"]
    assert other_client.get(f"/api/workflows/{workflow_id}/").status_code == 404
    assert save(other_client, opened, opened["revision"]).status_code == 404
    publish = other_client.post(f"/api/workflows/{workflow_id}/publish/", {"revision": 1})
    assert publish.status_code == 404
    assert other_client.get(f"/api/workflows/{workflow_id}/versions/").status_code == 404
    assert other_client.post(f"/api/workflows/{workflow_id}/versions/1/restore/").status_code == 404
    opening = other_client.post("/api/workflows/", {"template": po.pk}, format="json")
    assert opening.status_code == 400 and "template" in opening.json()
    assert other_client.get(f"/api/step-types/?template={po.pk}").status_code == 400
    assert other_client.get(f"/api/step-types/?workflow={workflow_id}").status_code == 400
    assert other_client.get("/api/workflows/").json() == []
