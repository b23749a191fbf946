"""`make bench`: throughput and latency of the product's hot paths, on a throwaway database."""

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from channels.routing import get_default_application
from daphne.testing import DaphneProcess
from django.core.management.base import BaseCommand
from django.db import connection, connections
from django.test import Client, override_settings
from django.test.utils import setup_test_environment, teardown_test_environment

from ontraccr_clone.demo.management.commands.seed_demo import ADMIN_EMAIL, MEMBER_EMAIL
from ontraccr_clone.demo.management.commands.seed_demo import Command as SeedDemo


def measure(action: Callable[[int], Any], count: int) -> dict[str, float]:
    """Run `action` `count` times; return throughput and latency percentiles in milliseconds."""
    durations = []
    started = time.perf_counter()
    for index in range(count):
        begin = time.perf_counter()
        action(index)
        durations.append((time.perf_counter() - begin) * 1000)
    elapsed = time.perf_counter() - started
    durations.sort()
    return {
        "per_second": count / elapsed,
        "p50_ms": statistics.median(durations),
        "p95_ms": durations[int(len(durations) * 0.95) - 1],
        "max_ms": durations[-1],
    }


class Command(BaseCommand):
    help = "Measure submissions, the API and the QuickBooks sandbox on a throwaway test database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, default=300, help="Operations per measurement.")

    def handle(self, *args: Any, count: int, **options: Any) -> None:
        setup_test_environment()
        database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            self.stdout.write(
                f"Benchmark on {connection.vendor} ({database}), {count} operations each"
            )
            self.run(count)
        finally:
            connection.creation.destroy_test_db(database, verbosity=0)
            teardown_test_environment()

    def run(self, count: int) -> None:
        SeedDemo().seed()
        member, admin = Client(), Client()
        from ontraccr_clone.accounts.models import User

        member.force_login(User.objects.get(email=MEMBER_EMAIL))
        admin.force_login(User.objects.get(email=ADMIN_EMAIL))
        template = admin.get("/api/form-templates/").json()[0]
        vendors = admin.get("/api/vendors/").json()["results"]
        materials = admin.get("/api/materials/").json()["results"]
        payload = {
            "template": template["id"],
            "data": {
                "vendor": vendors[0]["id"],
                "materials": [
                    {"material_id": material["id"], "quantity": 3} for material in materials
                ]
                + [{"name": "Delivery", "quantity": 1, "unit_cost": "45.00"}],
                "memo": "Benchmark order",
                "due_date": "2026-12-31",
            },
        }

        def submit(_: int) -> None:
            response = member.post("/api/submissions/", payload, content_type="application/json")
            assert response.status_code == 201, response.content

        def list_page(index: int) -> None:
            assert (
                member.get(f"/api/submissions/?page={index % max(1, count // 50) + 1}").status_code
                == 200
            )

        def detail(index: int) -> None:
            assert member.get(f"/api/submissions/{index % count + 1}/").status_code == 200

        def search_vendors(index: int) -> None:
            assert (
                member.get(f"/api/vendors/?search={'acme' if index % 2 else 'con'}").status_code
                == 200
            )

        rows = [
            ("POST /api/submissions/ (PO, 6 lines)", measure(submit, count)),
            ("GET /api/submissions/ (page of 50)", measure(list_page, count)),
            ("GET /api/submissions/<id>/", measure(detail, count)),
            ("GET /api/vendors/?search=", measure(search_vendors, count)),
        ]
        rows += self.sandbox_rows(count)
        self.stdout.write(
            f"{'operation':46} {'per second':>11} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
        )
        for name, result in rows:
            self.stdout.write(
                f"{name:46} {result['per_second']:11.1f} {result['p50_ms']:8.2f} "
                f"{result['p95_ms']:8.2f} {result['max_ms']:8.2f}"
            )

    def sandbox_rows(self, count: int) -> list[tuple[str, dict[str, float]]]:
        """python-quickbooks against the local sandbox over real HTTP, as the PO sync will be."""
        from intuitlib.client import AuthClient
        from quickbooks import QuickBooks
        from quickbooks.objects.detailline import ItemBasedExpenseLine, ItemBasedExpenseLineDetail
        from quickbooks.objects.item import Item
        from quickbooks.objects.purchaseorder import PurchaseOrder
        from quickbooks.objects.vendor import Vendor as QboVendor

        from integrations.qbo_sandbox import services as sandbox

        connections.close_all()  # the server process must open its own
        server = DaphneProcess(host="127.0.0.1", get_application=get_default_application)
        server.daemon = True
        # The forked server takes the settings as they are now: lift the per-minute limit that
        # this many calls would hit, since latency, not throttling, is what is measured here.
        with override_settings(QBO_SANDBOX_THROTTLE_LIMIT=10 * count):
            server.start()
        server.ready.wait(timeout=30)
        if server.errors.qsize():
            raise RuntimeError(f"The sandbox server did not start: {server.errors.get()}")
        base_url = f"http://127.0.0.1:{server.port.value}"
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"  # the local sandbox speaks plain http
        try:
            client_id, client_secret = sandbox.sandbox_app_credentials()
            realm_id = sandbox.sandbox_default_realm_id()
            auth = AuthClient(
                client_id, client_secret, base_url + "/callback/",
                base_url + sandbox.sandbox_discovery_path(),
            )  # fmt: skip
            qb = QuickBooks(
                auth_client=auth,
                refresh_token=sandbox.sandbox_refresh_token_issue(realm_id=realm_id),
                company_id=realm_id,
                minorversion=75,
            )
            qb.api_url_v3 = base_url + sandbox.sandbox_api_path()
            vendor = QboVendor.all(qb=qb, max_results=1)[0]
            items = Item.all(qb=qb, max_results=3)

            def create_purchase_order(index: int) -> None:
                order = PurchaseOrder()
                order.VendorRef = vendor.to_ref()
                order.DocNumber = f"BENCH-{index}"
                order.Line = []
                for item in items:
                    line = ItemBasedExpenseLine()
                    line.Amount = 30
                    line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
                    line.ItemBasedExpenseLineDetail.ItemRef = item.to_ref()
                    line.ItemBasedExpenseLineDetail.Qty = 3
                    line.ItemBasedExpenseLineDetail.UnitPrice = 10
                    order.Line.append(line)
                order.save(qb=qb)

            def find_vendor(_: int) -> None:
                assert QboVendor.filter(DisplayName=vendor.DisplayName, qb=qb)

            with override_settings(QBO_SANDBOX_THROTTLE_LIMIT=10 * count):
                return [
                    (
                        "sandbox: create PurchaseOrder (3 lines)",
                        measure(create_purchase_order, count),
                    ),
                    ("sandbox: query Vendor by DisplayName", measure(find_vendor, count)),
                ]
        finally:
            os.environ.pop("OAUTHLIB_INSECURE_TRANSPORT", None)
            server.terminate()
            server.join()
