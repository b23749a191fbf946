"""The sandbox notifies the connected app of purchase order changes, signed as Intuit signs them."""

import base64
import hashlib
import hmac
import html
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import requests
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from intuitlib.enums import Scopes
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.detailline import ItemBasedExpenseLine, ItemBasedExpenseLineDetail
from quickbooks.objects.item import Item
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.vendor import Vendor

from integrations.qbo_sandbox import selectors, services
from integrations.qbo_sandbox.models import SandboxCompany
from integrations.quickbooks.models import QuickBooksWebhookEvent
from tests.integrations.qbo_sandbox.conftest import REALM_ID

pytestmark = pytest.mark.django_db(transaction=True)

VERIFIER_TOKEN = "verifier-token-of-the-test"


@dataclass
class Receiver:
    """A webhook endpoint on a local port, keeping every request it is sent."""

    url: str
    status: int = 200
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    def notifications(self) -> list[dict]:
        return [json.loads(body) for _, body in self.received]


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    answer = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(answer.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    answer.url = f"http://127.0.0.1:{server.server_port}/hooks/quickbooks"
    settings.QBO_SANDBOX_WEBHOOK_URL = answer.url
    settings.QBO_WEBHOOK_VERIFIER_TOKEN = VERIFIER_TOKEN
    yield answer
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _delivered_when_the_worker_next_runs(settings) -> None:  # type: ignore[no-untyped-def]
    settings.QBO_SANDBOX_WEBHOOK_SECONDS = 0


def run_worker() -> None:
    """Run every queued task, as `manage.py db_worker` does."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="sandbox-webhook-test",
        excluded_queue_names=[],
    ).run()


def purchase_order(qb) -> PurchaseOrder:
    line = ItemBasedExpenseLine()
    line.Amount = 27
    line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
    line.ItemBasedExpenseLineDetail.ItemRef = Item.filter(Name="Rebar #4", qb=qb)[0].to_ref()
    line.ItemBasedExpenseLineDetail.Qty = 3
    line.ItemBasedExpenseLineDetail.UnitPrice = 9
    po = PurchaseOrder()
    po.VendorRef = Vendor.filter(DisplayName="Hicks Hardware", qb=qb)[0].to_ref()
    po.Line = [line]
    return po


def entities(notification: dict) -> list[dict]:
    [event] = notification["eventNotifications"]
    assert event["realmId"] == REALM_ID
    return event["dataChangeEvent"]["entities"]


def test_changes_made_before_the_delivery_runs_go_in_one_signed_notification(qb, receiver):
    created = purchase_order(qb).save(qb=qb)
    created.Memo = "Deliver Monday"
    updated = created.save(qb=qb)
    updated.POStatus = "Closed"
    closed = updated.save(qb=qb)
    closed.delete(qb=qb)
    assert receiver.received == []  # nothing is sent inside the API call
    assert DBTaskResult.objects.count() == 1  # one delivery queued for the four changes

    run_worker()

    [notification] = receiver.notifications()
    changes = entities(notification)
    assert [(c["name"], c["id"], c["operation"]) for c in changes] == [
        ("PurchaseOrder", created.Id, "Create"),
        ("PurchaseOrder", created.Id, "Update"),
        ("PurchaseOrder", created.Id, "Update"),
        ("PurchaseOrder", created.Id, "Delete"),
    ]
    assert all(c["lastUpdated"].endswith("Z") for c in changes)
    for headers, body in receiver.received:
        expected = base64.b64encode(
            hmac.new(VERIFIER_TOKEN.encode(), body, hashlib.sha256).digest()
        ).decode()
        assert headers["intuit-signature"] == expected
        assert headers["content-type"] == "application/json"


def test_a_change_after_a_delivery_queues_the_next_one_gathering_a_second_later(
    qb, receiver, settings
):
    first = purchase_order(qb).save(qb=qb)
    run_worker()
    settings.QBO_SANDBOX_WEBHOOK_SECONDS = 1
    second = purchase_order(qb).save(qb=qb)
    third = purchase_order(qb).save(qb=qb)

    [queued] = DBTaskResult.objects.filter(status="READY")
    assert (queued.run_after - queued.enqueued_at).total_seconds() == pytest.approx(1, abs=0.5)
    queued.run_after = queued.enqueued_at
    queued.save(update_fields=["run_after"])
    run_worker()

    assert [[change["id"] for change in entities(n)] for n in receiver.notifications()] == [
        [first.Id],
        [second.Id, third.Id],
    ]


def test_a_refused_change_and_other_entities_send_nothing(qb, receiver):
    po = purchase_order(qb)
    po.VendorRef.value = "99999"
    with pytest.raises(QuickbooksException):
        po.save(qb=qb)
    vendor = Vendor()
    vendor.DisplayName = "No Webhook Supply"
    vendor.save(qb=qb)

    run_worker()

    assert receiver.received == []


def test_a_failing_receiver_is_logged_and_the_task_still_ends(qb, receiver, caplog):
    receiver.status = 500
    purchase_order(qb).save(qb=qb)

    run_worker()

    assert len(receiver.received) == 1
    assert "answered 500" in caplog.text
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_an_unreachable_receiver_is_logged_not_raised(qb, receiver, settings, caplog):
    settings.QBO_SANDBOX_WEBHOOK_URL = "http://127.0.0.1:9/nobody-listens"
    purchase_order(qb).save(qb=qb)

    run_worker()

    assert "Sandbox webhook to http://127.0.0.1:9/nobody-listens failed" in caplog.text
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_no_notification_once_the_app_is_disconnected(qb, receiver):
    payload = json.loads(purchase_order(qb).to_json())
    services.oauth_token_revoke(app=selectors.app_default(), token=qb.refresh_token)

    services.entity_create(
        company=SandboxCompany.objects.get(realm_id=REALM_ID),
        entity_type="PurchaseOrder",
        payload=payload,
    )
    run_worker()

    assert receiver.received == []


def test_by_default_the_app_that_connected_receives_and_accepts_the_notification(
    sandbox, auth_client, consent, make_quickbooks
):
    answer = consent(auth_client.get_authorization_url([Scopes.ACCOUNTING]), "connect")
    auth_client.get_bearer_token(answer["code"][0], realm_id=REALM_ID)
    qb = make_quickbooks(auth_client, auth_client.refresh_token)
    created = purchase_order(qb).save(qb=qb)
    [queued] = DBTaskResult.objects.all()

    run_worker()

    assert queued.args_kwargs["kwargs"]["url"] == (
        f"{sandbox.base_url}/integrations/quickbooks/webhooks/"
    )
    [event] = QuickBooksWebhookEvent.objects.all()
    assert (event.entity_name, event.entity_id, event.operation) == (
        "PurchaseOrder", created.Id, "Create",
    )  # fmt: skip
    assert event.status == QuickBooksWebhookEvent.Status.DONE and event.error == ""


def test_the_purchase_order_page_closes_and_reopens_it_and_notifies(sandbox, qb, receiver):
    created = purchase_order(qb).save(qb=qb)
    page_url = f"{sandbox.base_url}/qbo-sandbox/companies/{REALM_ID}/purchase-orders/{created.Id}/"
    browser = requests.Session()
    page = browser.get(page_url, timeout=10)
    action = html.unescape(
        re.search(r'<form class="inline" method="post" action="([^"]+)"', page.text)[1]
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]

    closed = browser.post(
        sandbox.base_url + action,
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": page_url},
        timeout=10,
    )
    closed_po = PurchaseOrder.get(created.Id, qb=qb)
    reopen = html.unescape(
        re.search(r'<form class="inline" method="post" action="([^"]+)"', closed.text)[1]
    )
    reopened = browser.post(
        sandbox.base_url + reopen,
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": page_url},
        timeout=10,
    )
    browser.close()
    run_worker()

    assert "Close purchase order" in page.text
    assert closed.status_code == 200 and urlsplit(closed.url).path == urlsplit(page_url).path
    assert "Close purchase order" not in closed.text and ">Closed<" in closed.text
    assert "Reopen purchase order" in closed.text
    assert closed_po.POStatus == "Closed"
    assert reopened.status_code == 200 and "Close purchase order" in reopened.text
    assert PurchaseOrder.get(created.Id, qb=qb).POStatus == "Open"
    operations = [c["operation"] for n in receiver.notifications() for c in entities(n)]
    assert operations == ["Create", "Update", "Update"]


def test_close_without_the_csrf_token_is_refused(sandbox, qb):
    created = purchase_order(qb).save(qb=qb)
    url = f"{sandbox.base_url}/qbo-sandbox/companies/{REALM_ID}/purchase-orders/{created.Id}/close/"

    answer = requests.post(url, timeout=10)

    assert answer.status_code == 403
    assert PurchaseOrder.get(created.Id, qb=qb).POStatus == "Open"
