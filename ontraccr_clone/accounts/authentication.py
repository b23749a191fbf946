from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication
from rest_framework.request import Request


class SessionAuthentication(authentication.SessionAuthentication):
    """Django's session sign-in; answers 401 (not 403) to a request without one, so that the app
    can send the person to the sign-in page."""

    def authenticate_header(self, request: Request) -> str:
        return "Session"


class SessionAuthenticationScheme(SessionScheme):
    """Describes the sign-in above in the OpenAPI schema, as the cookie session it is."""

    target_class = "ontraccr_clone.accounts.authentication.SessionAuthentication"
