"""The submissions list shows where each PO's sync to QuickBooks stands (the step's report), and
filters by it."""

from integrations.qbo_sandbox import services as sandbox
from integrations.quickbooks.models import QuickBooksConnection
from tests.factories import MaterialFactory
from tests.integrations.quickbooks.conftest import REALM_ID, link, sandbox_records
from tests.integrations.quickbooks.test_workflow_step import sync_flow
from tests.workflows.conftest import run_tasks
from workflows.engine.models import StepReport


def _quickbooks(reports: list[dict]) -> dict | None:
    found = [report for report in reports if report["step_type"] == "sync_quickbooks"]
    assert all(report["title"] == "QuickBooks" for report in found)
    return {key: found[0][key] for key in ("state", "label", "detail")} if found else None


def listed(client, query: str = "") -> dict[str, dict | None]:  # type: ignore[no-untyped-def]
    answer = client.get(f"/api/submissions/{query}")
    assert answer.status_code == 200, answer.content
    return {row["number"]: _quickbooks(row["reports"]) for row in answer.json()["results"]}


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
    assert states[pending.number] == {"state": "pending", "label": "Pending", "detail": {}}
    po = states[synced.number]
    assert po is not None
    assert (po["state"], po["label"]) == ("done", "Synced")
    assert po["detail"]["reference"] == synced.number
    order = next(
        body
        for body in sandbox_records("PurchaseOrder")
        if body["DocNumber"] == po["detail"]["reference"]
    )
    assert po["detail"]["url"].endswith(f"/purchase-orders/{order['Id']}/")
    assert states[failed.number]["state"] == "failed"  # type: ignore[index]
    assert "Galvanized flashing 10ft" in states[failed.number]["detail"]["error"]  # type: ignore[index]
    assert states[waiting.number]["state"] == "waiting"  # type: ignore[index]
    assert states[waiting.number]["label"] == "Waiting for reconnection"  # type: ignore[index]
    assert "reconnect" in states[waiting.number]["detail"]["reason"]  # type: ignore[index]

    for state, submission in (
        ("pending", pending), ("done", synced), ("failed", failed), ("waiting", waiting),
    ):  # fmt: skip
        query = f"?report=sync_quickbooks:{state}"
        assert list(listed(admin_client, query)) == [submission.number]
    detail = admin_client.get(f"/api/submissions/{synced.pk}/").json()
    assert _quickbooks(detail["reports"]) == po


def test_a_bad_report_filter_answers_400_naming_it(db, admin_client):
    answer = admin_client.get("/api/submissions/?report=sync_quickbooks:synced")
    assert answer.status_code == 400
    assert "report" in answer.json()


def test_the_sync_filter_sees_only_the_companys_own_submissions(
    admin, connection, template, submit, other_client
):
    sync_flow(template)
    submit()
    run_tasks()
    assert StepReport.objects.filter(state="done").count() == 1
    assert listed(other_client, "?report=sync_quickbooks:done") == {}
