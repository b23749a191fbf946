"""The two addresses QuickBooks itself calls: the OAuth callback (in the admin's browser) and
the webhook receiver."""

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from integrations.quickbooks import services
from integrations.quickbooks.errors import QuickBooksError
from integrations.quickbooks.webhooks import webhook_signature_valid

SETTINGS_PAGE = "/settings/integrations/quickbooks"


def _back_to_settings(**params: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{SETTINGS_PAGE}?{urlencode(params)}")


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Where Intuit's consent page sends the admin back, with a code, the state and the realm."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url="/signin")
    if request.GET.get("error"):
        request.session.pop(services.SESSION_KEY, None)
        return _back_to_settings(error="QuickBooks Online was not connected.")
    try:
        services.quickbooks_connect_finish(
            actor=request.user,  # type: ignore[arg-type]
            session=request.session,
            state=request.GET.get("state", ""),
            code=request.GET.get("code", ""),
            realm_id=request.GET.get("realmId", ""),
        )
    except ValidationError as error:
        return _back_to_settings(error=" ".join(error.messages))
    except PermissionDenied as error:
        return _back_to_settings(error=str(error))
    except QuickBooksError as error:
        return _back_to_settings(error=error.message)
    return _back_to_settings(connected="1")


@csrf_exempt
@require_POST
def webhooks(request: HttpRequest) -> HttpResponse:
    """Intuit's change notifications; a body whose signature does not match changes nothing."""
    signature = request.headers.get("intuit-signature", "")
    if not signature or not webhook_signature_valid(body=request.body, signature=signature):
        return HttpResponse("Invalid signature.", status=401, content_type="text/plain")
    try:
        services.webhook_event_receive(body=request.body)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    return HttpResponse(status=200)
