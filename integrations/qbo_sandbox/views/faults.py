"""Fault injection over HTTP, for demos and benchmarks (tests use the services directly).

    POST   /qbo-sandbox/faults/<realmId>  {"kind": "500"|"503"|"429"|"401"|"malformed"|"hang"|
                                          "answer_lost"|"answer_500"|"answer_dropped", "count": 3}
                                          the next 3 calls fail so, or
                                          {"rate": 0.3, "kinds": ["500", "hang", ...]}
                                          30% of calls fail, each with a kind drawn from those
    GET    /qbo-sandbox/faults/<realmId>  the faults still waiting and the rate
    DELETE /qbo-sandbox/faults/<realmId>  forget them all

Callers authenticate with a sandbox app's client id and secret (HTTP Basic), as at the token
endpoint.
"""

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from integrations.qbo_sandbox import selectors, services
from integrations.qbo_sandbox.models import FaultKind


@csrf_exempt
@require_http_methods(["GET", "POST", "DELETE"])
def injected_faults(request: HttpRequest, realm_id: str) -> JsonResponse:
    if selectors.app_from_basic_auth(request.headers.get("Authorization", "")) is None:
        return JsonResponse({"error": "invalid_client"}, status=401)
    if selectors.company_by_realm(realm_id) is None:
        return JsonResponse({"error": "unknown realmId"}, status=404)
    if request.method == "DELETE":
        return JsonResponse({"cleared": services.sandbox_clear_faults(realm_id=realm_id)})
    if request.method == "POST":
        try:
            payload = json.loads(request.body or b"{}")
            if "rate" in payload:
                kinds = payload["kinds"]
                if not isinstance(kinds, list):
                    raise ValueError("kinds must be a list")
                services.sandbox_fault_rate_set(
                    realm_id=realm_id, fraction=float(payload["rate"]), kinds=kinds
                )
            else:
                kind, count = str(payload["kind"]), int(payload.get("count", 1))
                services.sandbox_inject_faults(realm_id=realm_id, status_or_kind=kind, count=count)
        except (json.JSONDecodeError, UnicodeDecodeError, TypeError, KeyError, ValueError) as error:
            return JsonResponse(
                {"error": "invalid_request", "detail": str(error), "kinds": FaultKind.values},
                status=400,
            )
    pending = selectors.injected_faults_pending(realm_id)
    rate = selectors.fault_rate(realm_id)
    return JsonResponse(
        {
            "realmId": realm_id,
            "pending": [{"kind": f.kind, "remaining": f.remaining} for f in pending],
            "rate": {"rate": rate.fraction, "kinds": rate.kinds} if rate else None,
        },
        status=201 if request.method == "POST" else 200,
    )
