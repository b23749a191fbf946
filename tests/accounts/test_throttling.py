"""Failed sign-ins and password reset requests are limited per account and per address; nobody
else is slowed or locked."""

import time

import pytest
from rest_framework.test import APIClient

from ontraccr_clone.accounts import throttling
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SESSION = "/api/auth/session/"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.SIGN_IN_FAILURES_PER_ADDRESS = 6
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 3
    settings.SIGN_IN_FAILURE_WINDOW_SECONDS = 600
    settings.PASSWORD_RESETS_PER_ADDRESS = 5
    settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT = 2
    settings.PASSWORD_RESET_WINDOW_SECONDS = 600


class WindowClock:
    """The limits' clock, one second into a fresh window: windows are fixed, so a test that
    crossed the edge of one would see its counts start over."""

    def __init__(self, window_seconds: int) -> None:
        now = time.time()
        self.offset = (now // window_seconds + 1) * window_seconds + 1 - now

    def time(self) -> float:
        return time.time() + self.offset


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> WindowClock:
    window_clock = WindowClock(600)
    monkeypatch.setattr(throttling, "time", window_clock)
    return window_clock


def _sign_in(client, email, password, address="203.0.113.7"):
    return client.post(
        SESSION, {"email": email, "password": password}, format="json", REMOTE_ADDR=address
    )


def test_an_account_is_refused_after_its_failures_with_when_to_retry(member):
    client = APIClient()
    for _ in range(3):
        assert _sign_in(client, member.email, "wrong").status_code == 400
    response = _sign_in(client, member.email, PASSWORD)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert response.json()["detail"].startswith("Too many failed sign-ins. Try again in ")
    assert client.get(SESSION).status_code == 401


def test_failures_spread_over_addresses_still_lock_the_account_to_unknown_browsers(member):
    for number in range(3):
        _sign_in(APIClient(), member.email, "wrong", address=f"198.51.100.{number}")
    assert _sign_in(APIClient(), member.email, PASSWORD, "192.0.2.50").status_code == 429


def test_a_browser_that_signed_in_before_gets_in_while_its_account_is_attacked(member):
    owner = APIClient()
    assert _sign_in(owner, member.email, PASSWORD, "192.0.2.50").status_code == 200
    owner.delete(SESSION)
    for number in range(5):
        _sign_in(APIClient(), member.email, "wrong", address=f"198.51.100.{number}")
    assert _sign_in(APIClient(), member.email, PASSWORD, "192.0.2.51").status_code == 429
    assert _sign_in(owner, member.email, PASSWORD, "192.0.2.50").status_code == 200
    assert owner.get(SESSION).json()["email"] == member.email


def test_a_known_browser_cookie_is_for_its_own_account_only(member):
    other = UserFactory(company=member.company)
    browser = APIClient()
    assert _sign_in(browser, other.email, PASSWORD, "192.0.2.50").status_code == 200
    for _ in range(3):
        _sign_in(APIClient(), member.email, "wrong")
    assert _sign_in(browser, member.email, PASSWORD, "192.0.2.50").status_code == 429


def test_an_address_is_refused_for_every_account_after_its_failures(member, admin):
    client = APIClient()
    for number in range(6):
        _sign_in(client, f"nobody{number}@example.com", "wrong")
    assert _sign_in(client, admin.email, PASSWORD).status_code == 429
    assert _sign_in(client, member.email, PASSWORD).status_code == 429


def test_one_attack_leaves_other_people_alone(member, admin):
    attacker = APIClient()
    for _ in range(20):
        _sign_in(attacker, member.email, "wrong")
    colleague = APIClient()
    assert _sign_in(colleague, admin.email, PASSWORD, "192.0.2.80").status_code == 200


def test_ipv6_clients_are_counted_by_their_64_network(member, admin):
    for number in range(6):
        _sign_in(APIClient(), f"nobody{number}@example.com", "wrong", f"2001:db8:1:2::{number:x}")
    assert _sign_in(APIClient(), admin.email, PASSWORD, "2001:db8:1:2::ff").status_code == 429
    assert _sign_in(APIClient(), admin.email, PASSWORD, "2001:db8:1:3::1").status_code == 200


def test_a_new_window_lets_the_account_try_again(member, clock):
    for _ in range(3):
        _sign_in(APIClient(), member.email, "wrong")
    assert _sign_in(APIClient(), member.email, PASSWORD).status_code == 429
    clock.offset += 600
    assert _sign_in(APIClient(), member.email, PASSWORD).status_code == 200


def _ask_reset(email, address="203.0.113.7"):
    return APIClient().post(
        "/api/auth/password-reset/", {"email": email}, format="json", REMOTE_ADDR=address
    )


def test_an_account_gets_a_few_reset_emails_per_window_whoever_asks(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_ask_reset(member.email, f"192.0.2.{number}").status_code for number in range(6)]
    # The answer never changes, so it tells nobody whether the account exists or was limited.
    assert answers == [204] * 6
    assert [message.to for message in mailoutbox] == [[member.email]] * 2


def test_an_address_asking_too_often_is_refused_with_when_to_retry(member, mailoutbox):
    for number in range(5):
        assert _ask_reset(f"nobody{number}@example.com").status_code == 204
    refused = _ask_reset(member.email)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    assert "Too many password reset requests" in refused.json()["detail"]
    assert _ask_reset(member.email, "192.0.2.99").status_code == 204
