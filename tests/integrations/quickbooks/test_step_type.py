"""The 'Sync with QuickBooks' step type: when it is offered, what it accepts, what it would send."""

import pytest
from django.utils import timezone

from integrations.quickbooks import previews, purchase_orders
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.preferences import CompanyPreferences
from integrations.quickbooks.steps import SyncQuickBooksConfig
from tests.factories import (
    CustomerFactory,
    MaterialFactory,
    VendorFactory,
    form_template,
    purchase_order_sections,
)
from tests.integrations.quickbooks.conftest import link
from workflows.definitions.services import workflow_get_or_create
from workflows.forms.services import submission_create
from workflows.steps.registry import step_type_get

pytestmark = pytest.mark.django_db
STEP = step_type_get("sync_quickbooks")


def connect_directly(company, status="active") -> QuickBooksConnection:  # type: ignore[no-untyped-def]
    """A connection row as a finished OAuth flow leaves it (no QuickBooks call is made here)."""
    return QuickBooksConnection.objects.create(
        company=company,
        status=status,
        realm_id="9341452000000001",
        discovery_url="http://127.0.0.1:9/qbo-sandbox/.well-known/openid_configuration",
        api_url="http://127.0.0.1:9/qbo-sandbox/v3",
        access_token="access",
        refresh_token="refresh",
        access_expires_at=timezone.now(),
        payable_account_id="33",
        payable_account_name="Accounts Payable (A/P)",
    )


def test_unavailable_until_the_company_connects(admin):
    template = form_template(admin=admin)
    availability = STEP.availability(company=admin.company, template=template)
    assert not availability.ok
    assert availability.reason == "Connect QuickBooks Online in Settings > Integrations first."

    connection = connect_directly(admin.company, status="needs_reconnect")
    assert "Reconnect" in STEP.availability(company=admin.company, template=template).reason
    QuickBooksConnection.objects.filter(pk=connection.pk).update(status="active")
    assert STEP.availability(company=admin.company, template=template).ok


def test_unavailable_for_forms_that_cannot_make_a_purchase_order(admin):
    connect_directly(admin.company)
    invoice = form_template(admin=admin, key="invoice", name="Invoice")
    assert "PO type" in STEP.availability(company=admin.company, template=invoice).reason

    sections = purchase_order_sections()
    without_vendor = [
        {**sections[0], "fields": [f for f in sections[0]["fields"] if f["id"] != "vendor"]}
    ]
    template = form_template(admin=admin, name="PO without vendor", sections=without_vendor)
    reason = STEP.availability(company=admin.company, template=template).reason
    assert reason == "The form needs a vendor 'Choose one or more' field."

    without_table = [
        {**sections[0], "fields": [f for f in sections[0]["fields"] if f["id"] != "materials"]}
    ]
    template = form_template(admin=admin, name="PO without table", sections=without_table)
    reason = STEP.availability(company=admin.company, template=template).reason
    assert reason == "The form needs a materials table."


def test_config_accepts_only_compatible_fields(admin):
    template = form_template(admin=admin)
    fields = template.versions.first().fields
    context = {"company": admin.company, "template": template, "fields": fields}

    good = SyncQuickBooksConfig(
        data={"vendor_field": "vendor", "materials_field": "materials", "memo_field": "memo"},
        context=context,
    )
    assert good.is_valid(), good.errors
    assert good.validated_data["create_unlinked_items"] is False

    bad = SyncQuickBooksConfig(
        data={"vendor_field": "memo", "materials_field": "nope", "due_date_field": "vendor"},
        context=context,
    )
    assert not bad.is_valid()
    assert set(bad.errors) == {"vendor_field", "materials_field", "due_date_field"}
    assert SyncQuickBooksConfig(data={}, context=context).is_valid() is False


def test_preview_shows_the_exact_purchase_order_for_the_latest_submission(admin, admin_client):
    connect_directly(admin.company)
    template = form_template(admin=admin)
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    vendor = link(VendorFactory(company=admin.company, name="Harbor Lumber"), "56")
    linked = link(MaterialFactory(company=admin.company, name="Joist hanger"), "11")
    submission = submission_create(
        actor=admin,
        template=template,
        data={
            "vendor": vendor.pk,
            "materials": [
                {"material_id": linked.pk, "quantity": "4"},
                {"name": "Crane rental", "quantity": "1", "unit_cost": "450"},
            ],
            "memo": "Back gate",
            "due_date": "2026-12-01",
        },
    )
    config = {
        "vendor_field": "vendor",
        "materials_field": "materials",
        "memo_field": "memo",
        "due_date_field": "due_date",
        "create_unlinked_items": True,
    }

    answer = admin_client.post(
        "/api/integrations/quickbooks/preview/",
        {"workflow": workflow.pk, "config": config},
        format="json",
    )

    assert answer.status_code == 200, answer.content
    preview = answer.json()
    assert preview["submission_number"] == submission.number
    payload = preview["payload"]
    assert payload["DocNumber"] == submission.number
    assert payload["VendorRef"] == {"value": "56", "name": "Harbor Lumber"}
    assert payload["APAccountRef"]["value"] == "33"
    assert payload["Memo"] == "Back gate" and payload["DueDate"] == "2026-12-01"
    first, second = payload["Line"]
    assert first["ItemBasedExpenseLineDetail"]["ItemRef"]["value"] == "11"
    assert first["ItemBasedExpenseLineDetail"]["Qty"] == 4
    assert second["ItemBasedExpenseLineDetail"]["ItemRef"] == {"value": "", "name": "Crane rental"}
    assert second["Amount"] == 450
    assert any("Crane rental" in note for note in preview["notes"])


def test_preview_refuses_bad_settings_and_other_companies(admin, admin_client, other_client):
    template = form_template(admin=admin)
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    url = "/api/integrations/quickbooks/preview/"

    bad = admin_client.post(
        url,
        {
            "workflow": workflow.pk,
            "config": {"vendor_field": "memo", "materials_field": "materials"},
        },
        format="json",
    )
    assert bad.status_code == 400
    assert "vendor_field" in bad.json()["config"]
    foreign = other_client.post(
        url,
        {
            "workflow": workflow.pk,
            "config": {"vendor_field": "vendor", "materials_field": "materials"},
        },
        format="json",
    )
    assert foreign.status_code == 404


def test_preview_shows_the_job_on_every_line_and_where_the_class_goes(
    admin, admin_client, monkeypatch
):
    monkeypatch.setattr(
        previews,
        "company_preferences",
        lambda connection: CompanyPreferences(class_tracking="per_transaction"),
    )
    monkeypatch.setattr(
        purchase_orders,
        "company_preferences",
        lambda connection: CompanyPreferences(class_tracking="per_transaction"),
    )
    connect_directly(admin.company)
    sections = purchase_order_sections()
    sections[0]["fields"] += [
        {"id": "job", "type": "choose", "label": "Job", "source": "customers"},
        {"id": "class", "type": "dropdown", "label": "Class", "options": ["Commercial"]},
    ]
    template = form_template(admin=admin, sections=sections)
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    freeman = CustomerFactory(company=admin.company, name="Freeman")
    job = link(CustomerFactory(company=admin.company, name="Twin Lane", parent=freeman), "58")
    submission_create(
        actor=admin,
        template=template,
        data={
            "vendor": VendorFactory(company=admin.company).pk,
            "materials": [{"name": "Sod", "quantity": "1", "unit_cost": "5"}],
            "job": job.pk,
            "class": "Commercial",
        },
    )
    config = {
        "vendor_field": "vendor",
        "materials_field": "materials",
        "project_field": "job",
        "class_field": "class",
    }

    preview = admin_client.post(
        "/api/integrations/quickbooks/preview/",
        {"workflow": workflow.pk, "config": config},
        format="json",
    ).json()

    [line] = preview["payload"]["Line"]
    assert line["ItemBasedExpenseLineDetail"]["CustomerRef"] == {
        "value": "58",
        "name": "Freeman:Twin Lane",
    }
    assert line["ItemBasedExpenseLineDetail"]["BillableStatus"] == "NotBillable"
    assert preview["payload"]["ClassRef"] == {"value": "", "name": "Commercial"}
    assert (
        "Class Commercial is found by name in QuickBooks when the PO syncs, and goes on the PO, "
        "as the company tracks classes."
    ) in preview["notes"]
