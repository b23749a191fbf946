import pytest
import requests
from quickbooks.exceptions import ValidationException
from quickbooks.objects.account import Account
from quickbooks.objects.item import Item
from quickbooks.objects.vendor import Vendor

pytestmark = pytest.mark.django_db(transaction=True)


def names(vendors) -> list[str]:
    return [vendor.DisplayName for vendor in vendors]


def test_select_star_answers_a_query_response_page(qb):
    answer = qb.query("SELECT * FROM Vendor STARTPOSITION 1 MAXRESULTS 5")["QueryResponse"]

    assert answer["startPosition"] == 1
    assert answer["maxResults"] == 5
    assert len(answer["Vendor"]) == 5
    assert "totalCount" not in answer


def test_count_answers_total_count(qb):
    assert qb.query("SELECT COUNT(*) FROM Vendor")["QueryResponse"] == {"totalCount": 12}
    assert Item.count("Type = 'Inventory'", qb=qb) == 4


def test_all_uses_select_star_sku_and_pages_with_startposition(qb):
    items = Item.all(order_by="Name", max_results=5, qb=qb)
    next_items = Item.all(order_by="Name", start_position=6, max_results=5, qb=qb)

    assert [item.Name for item in items] == sorted(item.Name for item in items)
    assert {item.Name for item in items}.isdisjoint(item.Name for item in next_items)
    assert any(item.Sku for item in Item.all(qb=qb))


def test_where_with_comparisons_and_and(qb):
    cheap = Item.where("UnitPrice < '10' AND Type = 'NonInventory'", qb=qb)
    at_least = Item.where("UnitPrice >= 15 AND UnitPrice <= 75", order_by="UnitPrice DESC", qb=qb)

    assert {item.Name for item in cheap} == {"Lumber 2x4x8", "Rebar #4", "Sod"}
    assert [item.UnitPrice for item in at_least] == [75, 50, 18, 15]
    assert Item.where("UnitPrice > 100", qb=qb)[0].Name == "Rock Fountain"


def test_in_like_and_case_insensitive_equality(qb):
    chosen = Vendor.choose(["Cal Telephone", "PG&E"], field="DisplayName", qb=qb)
    hardware = Vendor.where("DisplayName LIKE '%hardware%'", qb=qb)
    starts = Vendor.where("DisplayName LIKE 'B%'", order_by="DisplayName", qb=qb)

    assert sorted(names(chosen)) == ["Cal Telephone", "PG&E"]
    assert names(hardware) == ["Hicks Hardware"]
    assert names(starts) == ["Bob's Burger Joint", "Books by Bessie", "Brosnahan Insurance Agency"]
    assert names(Vendor.filter(DisplayName="HICKS HARDWARE", qb=qb)) == ["Hicks Hardware"]


def test_backslash_escaped_quotes(qb):
    found = Vendor.filter(DisplayName="Diego's Road Warrior Bodyshop", qb=qb)

    assert names(found) == ["Diego's Road Warrior Bodyshop"]


def test_order_by_and_orderby_both_sort(qb):
    spaced = qb.query("SELECT * FROM Account ORDER BY Name DESC MAXRESULTS 3")
    joined = qb.query("select * from account orderby name desc maxresults 3")

    assert spaced["QueryResponse"]["Account"] == joined["QueryResponse"]["Account"]
    first = [account["Name"] for account in spaced["QueryResponse"]["Account"]]
    assert first == sorted(first, reverse=True)


def test_maxresults_is_capped_at_1000(qb):
    answer = qb.query("SELECT * FROM Item MAXRESULTS 5000")["QueryResponse"]

    assert answer["maxResults"] == len(answer["Item"]) <= 1000


def test_empty_result_is_an_empty_query_response(qb):
    assert qb.query("SELECT * FROM Vendor WHERE DisplayName = 'Nobody'")["QueryResponse"] == {}
    assert Vendor.filter(DisplayName="Nobody", qb=qb) == []


def test_filter_on_metadata_and_references(qb):
    accounts = Account.where("MetaData.LastUpdatedTime > '2000-01-01'", qb=qb)

    assert len(accounts) >= 9
    payable = Account.filter(AccountType="Accounts Payable", qb=qb)[0]
    assert payable.Name == "Accounts Payable (A/P)"


def test_query_by_get_with_query_parameter(sandbox, qb):
    answer = requests.get(
        sandbox.company_url() + "/query",
        params={"query": "SELECT * FROM Vendor WHERE Id IN ('1', '2', '3')", "minorversion": 75},
        headers={
            "Authorization": f"Bearer {qb.auth_client.access_token}",
            "Accept": "application/json",
        },
        timeout=10,
    )

    assert answer.status_code == 200
    assert answer.json()["QueryResponse"] == {}  # ids 1-3 are accounts, not vendors
    vendors = requests.get(
        sandbox.company_url() + "/query",
        params={"query": "select Id, DisplayName from Vendor maxresults 2"},
        headers={"Authorization": f"Bearer {qb.auth_client.access_token}"},
        timeout=10,
    ).json()["QueryResponse"]["Vendor"]
    assert set(vendors[0]) >= {"Id", "DisplayName"} and "CompanyName" not in vendors[0]


@pytest.mark.parametrize(
    ("statement", "code"),
    [
        ("SELEKT * FROM Vendor", 4000),
        ("SELECT * FROM", 4000),
        ("SELECT * FROM Vendor WHERE DisplayName = 'unterminated", 4000),
        ("SELECT * FROM Spaceship", 4001),
        ("SELECT * FROM Vendor WHERE Colour = 'red'", 4001),
        ("SELECT * FROM Vendor WHERE Active = true OR Active = false", 4001),
        ("", 4000),
    ],
)
def test_bad_queries_are_intuit_validation_faults(qb, statement, code):
    with pytest.raises(ValidationException) as error:
        qb.query(statement)

    assert error.value.error_code == code
