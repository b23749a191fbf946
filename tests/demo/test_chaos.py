"""The chaos run's own parts: its checks must catch what they are there to catch, and its
supervisor must restart what is killed."""

import random
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from ontraccr_clone.demo.management.commands.chaos import (
    LINKED,
    MEMO_PREFIX,
    UNLINKED,
    Catalog,
    Figures,
    Managed,
    Supervisor,
    order_draw,
    percentile,
    purchase_order_difference,
)

ITEMS = {"7": "Lumber 2x4x8", "31": "Chaos part 01"}
VENDORS = {"56": "Chaos Supply Co", "57": "Hicks Hardware"}
EXPECTED = {
    "vendor": "Chaos Supply Co",
    "lines": [
        ("Lumber 2x4x8", Decimal(3), Decimal("4.25")),
        ("Chaos part 01", Decimal(2), Decimal("4.75")),
    ],
}


def line(item: str, quantity: float, price: float, amount: float) -> dict:
    return {
        "DetailType": "ItemBasedExpenseLineDetail",
        "Amount": amount,
        "ItemBasedExpenseLineDetail": {
            "ItemRef": {"value": item},
            "Qty": quantity,
            "UnitPrice": price,
        },
    }


def order(**changes) -> dict:
    body = {
        "VendorRef": {"value": "56"},
        "Line": [line("7", 3, 4.25, 12.75), line("31", 2, 4.75, 9.5)],
        "TotalAmt": 22.25,
    }
    return {**body, **changes}


def test_a_purchase_order_as_sent_is_not_wrong():
    assert purchase_order_difference(order(), EXPECTED, ITEMS, VENDORS) == ""


def test_a_wrong_vendor_line_quantity_price_or_total_is_caught():
    wrong = [
        order(VendorRef={"value": "57"}),
        order(Line=[line("7", 3, 4.25, 12.75)], TotalAmt=12.75),
        order(Line=[line("7", 4, 4.25, 17), line("31", 2, 4.75, 9.5)], TotalAmt=26.5),
        order(Line=[line("7", 3, 4.5, 13.5), line("31", 2, 4.75, 9.5)], TotalAmt=23),
        order(Line=[line("31", 3, 4.25, 12.75), line("7", 2, 4.75, 9.5)]),
        order(TotalAmt=30),
    ]

    problems = [purchase_order_difference(body, EXPECTED, ITEMS, VENDORS) for body in wrong]

    assert all(problems), problems
    assert problems[0].startswith("vendor")
    assert problems[1] == "1 lines, sent 2"


def test_each_drawn_order_has_its_key_in_the_memo_and_mixes_linked_and_unlinked_materials():
    materials = {name: (number, cost) for number, (name, cost) in enumerate(LINKED + UNLINKED)}
    catalog = Catalog(template_id=1, vendors={"Hicks Hardware": 1, "Chaos Supply Co": 2,
                      "Chaos Lumber Yard": 3}, materials=materials)  # fmt: skip

    orders = [order_draw(index, catalog, seed=7) for index in range(50)]

    assert len({o.key for o in orders}) == 50
    assert all(o.body["data"]["memo"] == MEMO_PREFIX + o.key for o in orders)
    linked = {name for name, _ in LINKED}
    for drawn in orders:
        names = {name for name, _, _ in drawn.expected["lines"]}
        assert names & linked and names - linked
        assert len(drawn.expected["lines"]) == len(drawn.body["data"]["materials"])
    assert order_draw(3, catalog, seed=7).expected == orders[3].expected


def test_an_unsynced_po_counts_in_the_percentiles_as_never():
    assert percentile([1.0, 2.0, float("inf")], 0.5) == 2.0
    assert percentile([1.0, float("inf"), float("inf")], 0.5) == float("inf")


def test_a_figure_that_must_be_zero_breaks_the_run_when_it_is_not():
    figures = Figures()

    figures.count("lost", 0)
    figures.count("duplicates", 2, ["PO-1001: 2 QuickBooks POs", "PO-1002: 0 QuickBooks POs"])

    assert figures.broken == ["duplicates"]
    assert figures.values == {"lost": 0, "duplicates": 2}
    assert figures.details == [
        "  duplicates: PO-1001: 2 QuickBooks POs",
        "  duplicates: PO-1002: 0 QuickBooks POs",
    ]


def test_the_supervisor_restarts_a_killed_process(tmp_path: Path):
    sleeper = Managed("worker-1", [sys.executable, "-c", "import time; time.sleep(60)"],
                      tmp_path / "worker.log")  # fmt: skip
    supervisor = Supervisor([sleeper], env={})
    supervisor.start()
    try:
        assert sleeper.process is not None
        first = sleeper.process.pid

        assert supervisor.kill_one(random.Random(1), Counter()) == "worker-1"

        deadline = time.monotonic() + 10
        while sleeper.starts < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sleeper.starts == 2
        assert sleeper.process.pid != first
        assert sleeper.process.poll() is None
    finally:
        supervisor.stop()
    assert sleeper.process.poll() is not None
