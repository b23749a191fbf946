"""The Accounting API v3 at /qbo-sandbox/v3/company/<realmId>/..., as python-quickbooks calls it.

Every call goes through the same gates as at Intuit, in order: the Bearer token (401 3200, or 403
3100 for another company), throttling and concurrency (429 3001), then any injected fault, then a
stored answer for a repeated `requestid` (at most 50 characters), and only then the operation
itself. The `answer_*` faults come after the operation: it is done and stored, and its answer lost.
"""

import json
import logging
import secrets
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt

from integrations.qbo_sandbox import faults, selectors, services
from integrations.qbo_sandbox.entities import KINDS_BY_PATH, Record
from integrations.qbo_sandbox.models import FaultKind, SandboxCompany

logger = logging.getLogger(__name__)

Answer = tuple[int, dict[str, Any]]
REQUEST_ID_MAX_LENGTH = 50
# What an injected 429 asks the caller to wait, in its Retry-After header.
THROTTLED_RETRY_AFTER_SECONDS = 2
ANSWER_LOSING = (FaultKind.ANSWER_LOST, FaultKind.ANSWER_500, FaultKind.ANSWER_DROPPED)


class AnswerDropped(Exception):
    """Raised mid-answer, so the server drops the connection as a failing network would."""


def _json(status: int, body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(
        json.dumps(body), status=status, content_type="application/json;charset=UTF-8"
    )


def _fault_response(fault: faults.SandboxFault) -> HttpResponse:
    return _json(fault.status, fault.as_body())


@csrf_exempt
def api_outside_company(request: HttpRequest, resource: str = "") -> HttpResponse:
    """Anything under /v3 that names no company."""
    return _fault_response(faults.unsupported_operation(f"/v3/{resource}"))


@csrf_exempt
def api(request: HttpRequest, realm_id: str, resource: str = "") -> HttpResponseBase:
    """One Accounting API call on one sandbox company. As at Intuit, every answer names the
    transaction in an `intuit_tid` header (what Intuit's support asks for about a call)."""
    response = _api_call(request, realm_id, resource)
    response["intuit_tid"] = f"1-{secrets.token_hex(16)}"
    return response


def _api_call(request: HttpRequest, realm_id: str, resource: str) -> HttpResponseBase:
    try:
        grant = selectors.grant_for_access_token(
            authorization=request.headers.get("Authorization", ""), realm_id=realm_id
        )
        company = grant.company
        admission = services.api_call_admit(
            company=company, method=request.method or "", path=request.path
        )
    except faults.SandboxFault as fault:
        return _fault_response(fault)
    try:
        injected = services.injected_fault_take(company=company, admission=admission)
        if injected == FaultKind.HANG:
            _hang()
        elif injected is not None and injected not in ANSWER_LOSING:
            return _injected_response(injected)
        answer = _answer(request, company, resource.strip("/"))
        # Done and stored, but the answer never reaches the caller, as when a network or a proxy
        # drops it or the caller dies waiting.
        if injected == FaultKind.ANSWER_LOST:
            _hang()
        elif injected == FaultKind.ANSWER_500:
            return _injected_response(FaultKind.SERVER_ERROR)
        elif injected == FaultKind.ANSWER_DROPPED:
            return _dropped(answer)
        return answer
    finally:
        services.api_call_release(admission=admission)


def _hang() -> None:
    # The pooled database connection goes back first: hanging calls must not starve the
    # process's other requests of connections.
    connection.close()
    time.sleep(settings.QBO_SANDBOX_HANG_SECONDS)


def _dropped(answer: HttpResponse) -> StreamingHttpResponse:
    """The answer's status and headers, then half of its body, then the connection closes."""
    content = answer.content

    def cut_short() -> Iterator[bytes]:
        yield content[: len(content) // 2]
        raise AnswerDropped("the sandbox drops this answer on purpose")

    response = StreamingHttpResponse(
        cut_short(), status=answer.status_code, content_type=answer["Content-Type"]
    )
    response["Content-Length"] = str(len(content))
    return response


def _injected_response(kind: str) -> HttpResponse:
    if kind == FaultKind.SERVER_ERROR:
        return _fault_response(faults.system_failure("Injected by the sandbox"))
    if kind == FaultKind.UNAVAILABLE:
        return HttpResponse(
            "<html><body><h1>503 Service Unavailable</h1></body></html>",
            status=503,
            content_type="text/html",
        )
    if kind == FaultKind.THROTTLED:
        response = _fault_response(faults.throttled())
        response["Retry-After"] = str(THROTTLED_RETRY_AFTER_SECONDS)
        return response
    if kind == FaultKind.UNAUTHORIZED:
        return _fault_response(
            faults.authentication_failed("Token expired: injected by the sandbox")
        )
    return HttpResponse(
        '{"QueryResponse": {"Vendor": [{"Id": "1", "DisplayName": ',
        status=200,
        content_type="application/json;charset=UTF-8",
    )


def _answer(request: HttpRequest, company: SandboxCompany, resource: str) -> HttpResponse:
    """Run the operation, keeping its answer when the call carries a `requestid`."""
    request_id = request.GET.get("requestid", "")
    if len(request_id) > REQUEST_ID_MAX_LENGTH:
        return _fault_response(
            faults.invalid_value(
                "requestid",
                f"String length {len(request_id)} is longer than the supported "
                f"{REQUEST_ID_MAX_LENGTH}",
            )
        )
    if request.method != "POST" or resource.lower() == "query":
        request_id = ""
    if request_id:
        stored = selectors.replayed_response(company, request_id)
        if stored is not None:
            return HttpResponse(
                stored.body, status=stored.status, content_type="application/json;charset=UTF-8"
            )
    try:
        with transaction.atomic():
            status, body = _dispatch(request, company, resource)
            if request_id:
                services.replay_record(
                    company=company, request_id=request_id, status=status, body=json.dumps(body)
                )
        return _json(status, body)
    except faults.SandboxFault as fault:
        if request_id:
            try:
                services.replay_record(
                    company=company,
                    request_id=request_id,
                    status=fault.status,
                    body=json.dumps(fault.as_body()),
                )
            except IntegrityError:
                return _replayed(company, request_id)
        return _fault_response(fault)
    except IntegrityError:
        # A concurrent call with the same requestid answered first; this one changed nothing.
        if request_id and selectors.replayed_response(company, request_id) is not None:
            return _replayed(company, request_id)
        raise


def _replayed(company: SandboxCompany, request_id: str) -> HttpResponse:
    stored = selectors.replayed_response(company, request_id)
    assert stored is not None
    return HttpResponse(
        stored.body, status=stored.status, content_type="application/json;charset=UTF-8"
    )


def _dispatch(request: HttpRequest, company: SandboxCompany, resource: str) -> Answer:
    parts = resource.split("/")
    head = parts[0].lower()
    time_stamp = {"time": faults.intuit_time()}
    if head == "query" and len(parts) == 1:
        statement = request.GET.get("query", "") if request.method == "GET" else _text_body(request)
        result = selectors.query_run(company=company, statement=statement)
        return 200, {"QueryResponse": result, **time_stamp}
    if head == "batch" and len(parts) == 1 and request.method == "POST":
        return 200, {
            **services.batch_run(company=company, payload=_json_body(request)),
            **time_stamp,
        }
    if head == "companyinfo" and len(parts) == 2 and request.method == "GET":
        if parts[1] not in (company.realm_id, "1"):
            raise faults.object_not_found("Id")
        return 200, {"CompanyInfo": _read(company, "CompanyInfo", "1"), **time_stamp}
    if head == "preferences" and len(parts) == 1 and request.method == "GET":
        return 200, {"Preferences": _read(company, "Preferences", "1"), **time_stamp}
    if head == "preferences" and len(parts) == 1 and request.method == "POST":
        updated = services.preferences_update(company=company, payload=_json_body(request))
        return 200, {"Preferences": updated, **time_stamp}

    kind = KINDS_BY_PATH.get(head)
    if kind is None or head in ("companyinfo", "preferences"):
        raise faults.unsupported_operation(
            f"{request.method} /v3/company/{company.realm_id}/{resource}"
        )
    if len(parts) == 2 and request.method == "GET":
        return 200, {kind.name: _read(company, kind.name, parts[1]), **time_stamp}
    if len(parts) == 1 and request.method == "POST":
        record = services.entity_write(
            company=company,
            entity_type=kind.name,
            payload=_json_body(request),
            operation=request.GET.get("operation", "").lower(),
        )
        return 200, {kind.name: record, **time_stamp}
    raise faults.unsupported_operation(
        f"{request.method} /v3/company/{company.realm_id}/{resource}"
    )


def _read(company: SandboxCompany, entity_type: str, qbo_id: str) -> Record:
    entity = selectors.entity_find(company, entity_type, qbo_id)
    if entity is None:
        raise faults.object_not_found("Id")
    return entity.body


def _text_body(request: HttpRequest) -> str:
    try:
        return request.body.decode()
    except UnicodeDecodeError as error:
        raise faults.query_parse_error("the query is not UTF-8 text") from error


def _json_body(request: HttpRequest) -> Record:
    try:
        payload = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise faults.malformed_request("failed to parse json object") from error
    if not isinstance(payload, dict):
        raise faults.malformed_request("failed to parse json object")
    return payload
