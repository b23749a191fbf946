"""The QuickBooks ids that vendors and materials kept become QuickBooks links before the catalog
drops its columns."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("quickbooks", "0005_quickbooks_link"), ("catalog", "0001_initial")]
AFTER = [("quickbooks", "0006_links_from_catalog"), ("catalog", "0002_external_ids_moved_out")]


@pytest.mark.django_db(transaction=True)
def test_catalog_ids_become_links_and_a_record_of_two_rows_stays_with_the_first() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    company = old.get_model("accounts", "Company").objects.create(name="Acme")
    Vendor, Material = old.get_model("catalog", "Vendor"), old.get_model("catalog", "Material")
    linked = Vendor.objects.create(company=company, name="Norton", qbo_id="56")
    Vendor.objects.create(company=company, name="Unlinked")
    first = Material.objects.create(company=company, name="Pipe", qbo_item_id="7")
    Material.objects.create(company=company, name="Pipe again", qbo_item_id="7")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    links = new.get_model("quickbooks", "QuickBooksLink").objects.order_by("kind")

    assert list(links.values_list("company_id", "kind", "object_id", "qbo_id")) == [
        (company.pk, "item", first.pk, "7"),
        (company.pk, "vendor", linked.pk, "56"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
