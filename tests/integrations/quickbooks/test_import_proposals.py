"""An import proposes links for names that nearly match instead of adding near-duplicates, and the
admin accepts, links elsewhere, adds or skips each, through the API."""

import pytest

from integrations.quickbooks.imports import name_normalised
from integrations.quickbooks.models import QuickBooksImportProposal, QuickBooksLinkChange
from ontraccr_clone.catalog.models import Material, Vendor
from tests.factories import MaterialFactory, VendorFactory
from tests.integrations.quickbooks.conftest import link, linked_id, sandbox_records

PROPOSALS = "/api/integrations/quickbooks/import-proposals/"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Lumber 2x4x8", "LUMBER 2 x 4 x 8"),
        ("Copper pipe 10 ft", "copper pipe, 10 feet"),
        ("Copper pipe 10'", "Copper Pipe 10FT."),
        ('Anchor bolt 6"', "anchor bolt 6 inch"),
        ("Anchor bolt 6 in", "Anchor  bolt   6 inches"),
        ("Bob's Burger Joint", "Bobs burger joint"),
        ("Norton Lumber & Building", "norton lumber - building"),
    ],
)
def test_names_that_differ_in_case_spacing_punctuation_or_unit_spelling_match(one, other):
    assert name_normalised(one) == name_normalised(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Lumber 2x4x8", "Lumber 2x4x10"), ("Pipe 10 ft", "Pipe 10 in"), ("Sod", "Soda")],
)
def test_different_names_do_not_match(one, other):
    assert name_normalised(one) != name_normalised(other)


def _import(browser) -> dict:  # type: ignore[no-untyped-def]
    started = browser.post("/api/integrations/quickbooks/imports/")
    assert started.status_code == 201, started.text
    return browser.get(f"/api/integrations/quickbooks/imports/{started.json()['id']}/").json()


def test_near_matches_are_proposed_and_decided_without_adding_near_duplicates(
    origin, connection, sign_in, admin
):
    qbo_items = {record["Name"]: record for record in sandbox_records("Item")}
    qbo_vendors = {record["DisplayName"]: record for record in sandbox_records("Vendor")}
    lumber = MaterialFactory(company=admin.company, name="LUMBER 2 x 4 x 8")
    drywall = MaterialFactory(company=admin.company, name="drywall sheet, 4x8")
    pump = MaterialFactory(company=admin.company, name="Pump.")
    other_pump = MaterialFactory(company=admin.company, name="Water pump, small")
    bobs = VendorFactory(company=admin.company, name="Bobs burger joint")
    browser = sign_in(admin)

    progress = _import(browser)

    proposals = {proposal["qbo_name"]: proposal for proposal in progress["proposals"]}
    assert set(proposals) == {"Lumber 2x4x8", "Drywall Sheet 4x8", "Pump", "Bob's Burger Joint"}
    assert proposals["Lumber 2x4x8"]["proposed_id"] == lumber.pk
    assert proposals["Lumber 2x4x8"]["proposed_name"] == "LUMBER 2 x 4 x 8"
    assert {proposal["decision"] for proposal in proposals.values()} == {"pending"}
    # Nothing was added beside the near matches, and none of them is linked yet.
    assert not Material.objects.filter(company=admin.company, name="Lumber 2x4x8").exists()
    assert not Vendor.objects.filter(company=admin.company, name="Bob's Burger Joint").exists()
    assert linked_id(lumber) == ""
    accounted = progress["linked"] + progress["added"] + len(progress["skipped"])
    assert accounted + len(proposals) == progress["total"]

    accepted = browser.post(
        f"{PROPOSALS}{proposals['Lumber 2x4x8']['id']}/", json={"decision": "accept"}
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["decision"] == "linked"
    assert linked_id(lumber) == qbo_items["Lumber 2x4x8"]["Id"]

    elsewhere = browser.post(
        f"{PROPOSALS}{proposals['Pump']['id']}/",
        json={"decision": "link", "object_id": other_pump.pk},
    )
    assert elsewhere.status_code == 200, elsewhere.text
    assert elsewhere.json()["object_name"] == "Water pump, small"
    assert linked_id(other_pump) == qbo_items["Pump"]["Id"]
    assert linked_id(pump) == ""

    skipped = browser.post(
        f"{PROPOSALS}{proposals['Drywall Sheet 4x8']['id']}/", json={"decision": "skip"}
    )
    assert skipped.json()["decision"] == "skipped"
    assert linked_id(drywall) == ""

    bobs_proposal = proposals["Bob's Burger Joint"]["id"]
    created = browser.post(f"{PROPOSALS}{bobs_proposal}/", json={"decision": "create"})
    assert created.status_code == 200, created.text
    added = Vendor.objects.get(company=admin.company, name="Bob's Burger Joint")
    assert linked_id(added) == qbo_vendors["Bob's Burger Joint"]["Id"]
    assert linked_id(bobs) == ""

    again = browser.post(
        f"{PROPOSALS}{proposals['Lumber 2x4x8']['id']}/", json={"decision": "skip"}
    )
    assert again.status_code == 400
    assert "already decided" in again.text
    after = browser.get(f"/api/integrations/quickbooks/imports/{progress['id']}/").json()
    assert after["linked"] == progress["linked"] + 2
    assert after["added"] == progress["added"] + 1
    # Linking from a proposal is noted like linking by hand.
    assert QuickBooksLinkChange.objects.filter(material=lumber, changed_by=admin).exists()


def test_a_decision_to_link_a_row_already_linked_is_refused_and_changes_nothing(
    origin, connection, sign_in, admin
):
    MaterialFactory(company=admin.company, name="PUMP.")  # proposed for QuickBooks' "Pump"
    taken = link(MaterialFactory(company=admin.company, name="Old pump"), "999")
    browser = sign_in(admin)
    [proposal] = _import(browser)["proposals"]

    answer = browser.post(
        f"{PROPOSALS}{proposal['id']}/", json={"decision": "link", "object_id": taken.pk}
    )
    assert answer.status_code == 400
    assert "already linked to QuickBooks record 999" in answer.json()["object_id"][0]
    missing = browser.post(f"{PROPOSALS}{proposal['id']}/", json={"decision": "link"})
    assert missing.status_code == 400
    assert "object_id" in missing.json()
    assert QuickBooksImportProposal.objects.get(pk=proposal["id"]).decision == "pending"
    assert linked_id(taken) == "999"

    # Meanwhile the QuickBooks record was linked to another material by hand.
    link(MaterialFactory(company=admin.company, name="Pump (yard)"), proposal["qbo_id"])
    accepted = browser.post(f"{PROPOSALS}{proposal['id']}/", json={"decision": "accept"})
    assert accepted.status_code == 400
    assert "already linked to the material “Pump (yard)”" in accepted.json()["decision"][0]
    assert QuickBooksImportProposal.objects.get(pk=proposal["id"]).decision == "pending"


def test_a_record_whose_near_match_is_linked_elsewhere_is_skipped_not_added(
    origin, connection, sign_in, admin
):
    link(MaterialFactory(company=admin.company, name="Sprinkler heads."), "999")
    progress = _import(sign_in(admin))

    assert {
        "kind": "item",
        "name": "Sprinkler Heads",
        "reason": "“Sprinkler heads.”, nearly the same name, is already linked to QuickBooks "
        "record 999.",
    } in progress["skipped"]
    assert not Material.objects.filter(company=admin.company, name="Sprinkler Heads").exists()


def test_only_an_admin_of_the_company_decides_a_proposal(
    origin, connection, sign_in, admin, member, other_admin
):
    MaterialFactory(company=admin.company, name="PUMP.")
    [proposal] = _import(sign_in(admin))["proposals"]
    url = f"{PROPOSALS}{proposal['id']}/"

    assert sign_in(member).post(url, json={"decision": "accept"}).status_code == 403
    assert sign_in(other_admin).post(url, json={"decision": "accept"}).status_code == 404
    assert QuickBooksImportProposal.objects.get(pk=proposal["id"]).decision == "pending"
