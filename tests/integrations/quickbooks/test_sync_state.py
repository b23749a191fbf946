"""The submissions list shows where each PO's sync to QuickBooks stands, and filters by it."""

from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.models import QuickBooksConnection
from tests.factories import MaterialFactory
from tests.integrations.quickbooks.conftest import REALM_ID, link, sandbox_records
from tests.integrations.quickbooks.test_workflow_step import sync_flow
from tests.workflows.conftest import run_tasks
from workflows.models import FormSubmission


def listed(client, query: str = "") -> dict[str, dict | None]:  # type: ignore[no-untyped-def]
    answer = client.get(f"/api/submissions/{query}")
    assert answer.status_code == 200, answer.content
    return {row["number"]: row["sync"] for row in answer.json()["results"]}


def test_each_state_shows_in_the_list_and_the_detail_and_filters_it(
    admin, admin_client, connection, template, submit, settings
):
    settings.WORKFLOW_RETRY_BASE_SECONDS = 600
    no_sync = submit()  # before the workflow has a sync step
    sync_flow(template, create_unlinked_items=False)
    item_id = str(sandbox_records("Item")[0]["Id"])
    linked = link(MaterialFactory(company=admin.company), item_id)
    synced = submit(rows=[linked])
    failed = submit(rows=["Galvanized flashing 10ft"])
    run_tasks()
    sandbox.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="503", count=1)
    pending = submit(rows=[linked])
    run_tasks()  # the first attempt meets the 503; the next waits ten minutes
    sandbox.oauth_token_revoke(app=sandbox.selectors.app_default(), token=connection.refresh_token)
    QuickBooksConnection.objects.filter(pk=connection.pk).update(access_expires_at=None)
    waiting = submit(rows=[linked])
    run_tasks()

    states = listed(admin_client)
    assert states[no_sync.number] is None
    assert states[pending.number] == {
        "state": "pending", "label": "Pending", "reference": "", "url": "", "error": "",
        "reason": "",
    }  # fmt: skip
    po = states[synced.number]
    assert po is not None
    assert (po["state"], po["label"], po["reference"]) == ("synced", "Synced", synced.number)
    order = next(
        body for body in sandbox_records("PurchaseOrder") if body["DocNumber"] == po["reference"]
    )
    assert po["url"].endswith(f"/purchase-orders/{order['Id']}/")
    assert states[failed.number]["state"] == "failed"  # type: ignore[index]
    assert "Galvanized flashing 10ft" in states[failed.number]["error"]  # type: ignore[index]
    assert states[waiting.number]["state"] == "waiting"  # type: ignore[index]
    assert states[waiting.number]["label"] == "Waiting for reconnection"  # type: ignore[index]
    assert "reconnect" in states[waiting.number]["reason"]  # type: ignore[index]

    for state, submission in (
        ("pending", pending), ("synced", synced), ("failed", failed), ("waiting", waiting),
    ):  # fmt: skip
        assert list(listed(admin_client, f"?sync={state}")) == [submission.number]
    detail = admin_client.get(f"/api/submissions/{synced.pk}/").json()
    assert detail["sync"] == po


def test_a_bad_sync_filter_answers_400_naming_it(db, admin_client):
    answer = admin_client.get("/api/submissions/?sync=done")
    assert answer.status_code == 400
    assert "sync" in answer.json()


def test_the_sync_filter_sees_only_the_companys_own_submissions(
    admin, connection, template, submit, other_client
):
    sync_flow(template)
    submit()
    run_tasks()
    assert FormSubmission.objects.filter(sync_state="synced").count() == 1
    assert listed(other_client, "?sync=synced") == {}
