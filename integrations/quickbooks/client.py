"""The one way to call the QuickBooks Online Accounting API: the client factory.

Every request has a timeout; every API call is counted against Intuit's limits for the realm
(500 a minute, 10 at once) across all processes; an expired access token is refreshed under the
connection's refresh lease and the call repeated once. Errors come out as three kinds that callers
act on: `QuickBooksUnavailable` (try again later), `QuickBooksRejected` (the request itself is
wrong) and `QuickBooksNotConnected` (an admin must connect or reconnect).
"""

import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from django.conf import settings
from quickbooks import QuickBooks
from quickbooks import exceptions as qb_exceptions

from integrations.quickbooks import metrics
from integrations.quickbooks.errors import (
    QuickBooksError,
    QuickBooksNotConnected,
    QuickBooksRejected,
    QuickBooksUnavailable,
)
from integrations.quickbooks.limits import (
    call_slot_give_back,
    call_slot_take,
    slot_lifetime_seconds,
)
from integrations.quickbooks.models import QuickBooksConnection
from integrations.quickbooks.oauth import mount_timeouts
from integrations.quickbooks.tokens import LeaseCheck, access_token_fresh, quickbooks_access_token

INTUIT_APP_URLS = {
    "sandbox": "https://app.sandbox.qbo.intuit.com/app",
    "production": "https://app.qbo.intuit.com/app",
}
THROTTLED_FAULT_CODE = 3001

logger = logging.getLogger(__name__)


def quickbooks_id(value: str) -> str:
    """An id (of a record or a realm) ready to go into an Intuit URL: QuickBooks ids are digits,
    so anything else is refused before it could name another path; then quoted all the same."""
    text = str(value)
    if not re.fullmatch(r"[0-9]{1,50}", text):
        raise QuickBooksRejected(f"QuickBooks ids are digits, and '{text[:60]}' is not one.")
    return quote(text, safe="")


def purchase_order_url(*, connection: QuickBooksConnection, qbo_id: str) -> str:
    """Where a person can see a purchase order: the sandbox's page, or QuickBooks' own."""
    po_id = quickbooks_id(qbo_id)
    if settings.QBO_ENVIRONMENT == "local":
        origin = connection.api_url.split("/qbo-sandbox/")[0]
        realm_id = quickbooks_id(connection.realm_id)
        return f"{origin}/qbo-sandbox/companies/{realm_id}/purchase-orders/{po_id}/"
    return f"{INTUIT_APP_URLS[settings.QBO_ENVIRONMENT]}/purchaseorder?txnId={po_id}"


def quickbooks_query_text(value: str) -> str:
    """A string literal of Intuit's query language: quotes and apostrophes backslash-escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"') + "'"


def _call_admit(connection_id: int, lease_check: LeaseCheck | None) -> str:
    """Take one of the realm's call slots, waiting a while for one; the caller's lease is
    checked as it waits, and the wait hardly outlasts a slot's lifetime, by when every slot now
    held has ended or expired (when all are taken again, QuickBooks is too busy to wait for)."""
    deadline = time.monotonic() + slot_lifetime_seconds() + 1
    while True:
        wait = call_slot_take(connection_id)
        if isinstance(wait, str):
            return wait
        if wait > 5:
            raise QuickBooksUnavailable(
                "QuickBooks allows 500 calls a minute per company; waiting for the next minute.",
                retry_after=wait,
            )
        if lease_check is not None:
            lease_check()
        if time.monotonic() + wait > deadline:
            raise QuickBooksUnavailable(
                "QuickBooks takes 10 calls at once per company, and every one is in use.",
                retry_after=1,
            )
        time.sleep(wait)


class BearerSession(requests.Session):
    """The session python-quickbooks sends through: it reads `access_token` for its Bearer header.
    (Its default, requests-oauthlib's session, also refuses the local sandbox's plain http.)"""

    def __init__(self, access_token: str) -> None:
        super().__init__()
        self.access_token = access_token


class QuickBooksClient:
    """python-quickbooks on one connection; each method is one counted API call.

    `lease_check`, for a workflow step, raises `LeaseLost` once its step run was taken over: it
    is asked while waiting for a call slot or for another process's token refresh."""

    def __init__(
        self,
        connection: QuickBooksConnection,
        access_token: str,
        lease_check: LeaseCheck | None = None,
    ) -> None:
        self.connection = connection
        self.lease_check = lease_check
        self.calls = 0
        self._last_response: requests.Response | None = None
        self.qb = QuickBooks(
            company_id=quickbooks_id(connection.realm_id), minorversion=settings.QBO_MINOR_VERSION
        )
        self.qb.api_url_v3 = connection.api_url
        self.qb.sandbox = False
        self._use_token(access_token)

    def _use_token(self, access_token: str) -> None:
        session = BearerSession(access_token)
        mount_timeouts(session)
        session.hooks["response"].append(self._remember)
        self.qb.session = session

    def __enter__(self) -> "QuickBooksClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.qb.session.close()

    def _remember(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._last_response = response

    def query(self, statement: str) -> dict[str, Any]:
        return self._call(lambda: self.qb.query(statement))["QueryResponse"]

    def batch(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        body = json.dumps({"BatchItemRequest": items})
        return self._call(lambda: self.qb.batch_operation(body))["BatchItemResponse"]

    def create(self, entity: str, payload: dict[str, Any], *, request_id: str = "") -> dict:
        body = json.dumps(payload)
        answer = self._call(
            lambda: self.qb.create_object(entity, body, request_id=request_id or None)
        )
        return answer[entity]

    def update(self, entity: str, payload: dict[str, Any], *, request_id: str = "") -> dict:
        body = json.dumps(payload)
        answer = self._call(
            lambda: self.qb.update_object(entity, body, request_id=request_id or None)
        )
        return answer[entity]

    def read(self, entity: str, qbo_id: str) -> dict[str, Any]:
        path_id = quickbooks_id(qbo_id)
        return self._call(lambda: self.qb.get_single_object(entity, path_id))[entity]

    def company_info(self) -> dict[str, Any]:
        return self._call(lambda: _company_info_get(self.qb))["CompanyInfo"]

    def preferences(self) -> dict[str, Any]:
        url = f"{self.qb.api_url}/company/{self.connection.realm_id}/preferences"
        return self._call(lambda: self.qb.get(url))["Preferences"]

    def _call(self, send: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        for attempt in (1, 2):
            try:
                return self._send(send)
            except qb_exceptions.AuthorizationException as error:
                response = self._last_response
                status = response.status_code if response is not None else 0
                if status != 401 or attempt == 2:
                    raise QuickBooksNotConnected(
                        f"QuickBooks refused this app's access: {error.message}"
                    ) from error
                stale = self.qb.session.access_token
                self._use_token(
                    quickbooks_access_token(
                        connection_id=self.connection.pk,
                        stale_token=stale,
                        lease_check=self.lease_check,
                    )
                )
        raise AssertionError("unreachable")

    def _send(self, send: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        slot = _call_admit(self.connection.pk, self.lease_check)
        self._last_response = None
        self.calls += 1
        outcome = "error"
        unanswered: requests.PreparedRequest | None = None
        started = time.monotonic()
        try:
            answer = send()
            outcome = "ok"
            return answer
        except requests.RequestException as error:
            outcome = "no answer"
            unanswered = (
                error.request if isinstance(error.request, requests.PreparedRequest) else None
            )
            raise QuickBooksUnavailable(
                f"QuickBooks did not answer in time ({type(error).__name__})."
            ) from error
        except qb_exceptions.AuthorizationException:
            outcome = "unauthorized"
            raise
        except qb_exceptions.QuickbooksException as error:
            classified = self._classify(error)
            outcome = "unavailable" if isinstance(classified, QuickBooksUnavailable) else "rejected"
            raise classified from error
        finally:
            seconds = time.monotonic() - started
            metrics.latency.observe(seconds)
            metrics.calls.labels(outcome).inc()
            call_slot_give_back(self.connection.pk, slot)
            _call_log(
                response=self._last_response,
                unanswered=unanswered,
                outcome=outcome,
                seconds=seconds,
            )

    def _classify(self, error: qb_exceptions.QuickbooksException) -> QuickBooksError:
        response = self._last_response
        status = response.status_code if response is not None else 0
        if status == 429 or error.error_code == THROTTLED_FAULT_CODE:
            metrics.throttled.inc()
            retry_after = _retry_after(response)
            return QuickBooksUnavailable(
                "QuickBooks asked us to slow down (too many requests).", retry_after=retry_after
            )
        if status >= 500 or status == 200 or status == 0:
            # 200 with an unreadable body: the answer was lost on the way; asking again is safe.
            return QuickBooksUnavailable(f"QuickBooks had a problem (HTTP {status or 'error'}).")
        detail = f" {error.detail}" if error.detail and error.detail != error.message else ""
        return QuickBooksRejected(f"{error.message}.{detail}".strip(), code=error.error_code)


def _call_log(
    *,
    response: requests.Response | None,
    unanswered: requests.PreparedRequest | None,
    outcome: str,
    seconds: float,
) -> None:
    """One line per API call, with the request id of the work that made it (ontraccr_clone.logs):
    the method and path (not the query string, which may hold a query's text, nor the Bearer
    token), the status, how long it took, and Intuit's `intuit_tid` (what its support asks for)."""
    sent = response.request if response is not None else unanswered
    method = (sent.method or "") if sent is not None else ""
    path = urlsplit(sent.url or "").path if sent is not None else ""
    status = response.status_code if response is not None else None
    intuit_tid = response.headers.get("intuit_tid") if response is not None else None
    duration_ms = round(seconds * 1000, 1)
    logger.log(
        logging.INFO if outcome == "ok" else logging.WARNING,
        "QuickBooks %s %s: %s, HTTP %s in %s ms, intuit_tid %s",
        method,
        path,
        outcome,
        status,
        duration_ms,
        intuit_tid,
        extra={
            "quickbooks_method": method,
            "quickbooks_path": path,
            "status": status,
            "outcome": outcome,
            "duration_ms": duration_ms,
            "intuit_tid": intuit_tid,
        },
    )


def _company_info_get(qb: QuickBooks) -> dict[str, Any]:
    realm_id = quickbooks_id(qb.company_id)
    return qb.get(f"{qb.api_url}/company/{realm_id}/companyinfo/{realm_id}")


def realm_check(*, api_url: str, realm_id: str, access_token: str) -> dict[str, Any]:
    """The CompanyInfo of `realm_id` read with a token just issued, before any connection is
    saved (so it is not counted against the realm's limits): QuickBooks answers it only when the
    token is for that very company. Raises `QuickBooksRejected` when it is not."""
    realm = quickbooks_id(realm_id)
    with requests.Session() as session:
        mount_timeouts(session)
        try:
            answer = session.get(
                f"{api_url}/company/{realm}/companyinfo/{realm}",
                params={"minorversion": settings.QBO_MINOR_VERSION},
                headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
            )
        except requests.RequestException as error:
            raise QuickBooksUnavailable(
                f"QuickBooks did not answer in time ({type(error).__name__})."
            ) from error
    if answer.status_code in (401, 403):
        raise QuickBooksRejected(
            f"The sign-in QuickBooks gave is not for company {realm_id}.", code=answer.status_code
        )
    try:
        return dict(answer.json()["CompanyInfo"])
    except (ValueError, KeyError, TypeError) as error:
        raise QuickBooksUnavailable(
            f"QuickBooks could not read company {realm_id} (HTTP {answer.status_code})."
        ) from error


def _retry_after(response: requests.Response | None) -> float:
    if response is not None:
        try:
            return max(1.0, float(response.headers.get("Retry-After", "")))
        except ValueError:
            pass
    return 10.0


def quickbooks_client(
    *, connection: QuickBooksConnection, lease_check: LeaseCheck | None = None
) -> QuickBooksClient:
    """The client for a connection, with an access token that is fresh for a while yet: the one
    in the row as the caller just read it, else one read or refreshed under the row's lock."""
    if access_token_fresh(connection):
        return QuickBooksClient(connection, connection.access_token, lease_check)
    token = quickbooks_access_token(connection_id=connection.pk, lease_check=lease_check)
    return QuickBooksClient(connection, token, lease_check)
