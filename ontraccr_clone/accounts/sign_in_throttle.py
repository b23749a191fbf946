"""Failed sign-ins are counted per account and per client address, in the shared cache.

- An address that fails too often is refused for every account until its window ends: one
  machine cannot guess passwords, whichever accounts it tries.
- An account that fails too often (from any number of addresses) is refused to browsers it does
  not know. A browser that has signed in to it before carries a signed "known browser" cookie and
  may still sign in, so an attacker who spreads guesses over many addresses can neither keep
  guessing nor lock its owner out. A browser that is not known waits for the window to end.
- A refused attempt is answered before the password is hashed, so an attack costs the server
  almost nothing and does not slow anyone else's sign-in.

Windows are fixed (they start at a multiple of their length); the cache is Redis when `REDIS_URL`
is set, so every web process sees the same counts.
"""

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase

KNOWN_BROWSER_COOKIE = "known_browser"
KNOWN_BROWSER_SALT = "ontraccr_clone.accounts.known_browser"
KNOWN_BROWSER_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class SignInAttempt:
    """Who is trying to sign in: the account's email and the client's address and browser."""

    account_key: str
    address_key: str
    known_browser: bool

    @classmethod
    def from_request(cls, request: HttpRequest, *, email: str) -> "SignInAttempt":
        account = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        known = request.get_signed_cookie(
            KNOWN_BROWSER_COOKIE, default=None, salt=KNOWN_BROWSER_SALT
        )
        return cls(
            account_key=f"sign-in-failures:account:{account}",
            address_key=f"sign-in-failures:address:{client_network(request)}",
            known_browser=known == account,
        )

    def retry_after(self) -> int | None:
        """Seconds until this attempt may be made, or None when it may be made now."""
        window, now = settings.SIGN_IN_FAILURE_WINDOW_SECONDS, time.time()
        counts = cache.get_many([self._key(self.address_key), self._key(self.account_key)])
        address_failures = counts.get(self._key(self.address_key), 0)
        account_failures = counts.get(self._key(self.account_key), 0)
        refused = address_failures >= settings.SIGN_IN_FAILURES_PER_ADDRESS or (
            account_failures >= settings.SIGN_IN_FAILURES_PER_ACCOUNT and not self.known_browser
        )
        return math.ceil(window - now % window) if refused else None

    def record_failure(self) -> None:
        window = settings.SIGN_IN_FAILURE_WINDOW_SECONDS
        for key in (self._key(self.address_key), self._key(self.account_key)):
            cache.add(key, 0, timeout=window)
            try:
                cache.incr(key)
            except ValueError:  # the window ended between the two calls
                cache.add(key, 1, timeout=window)

    def remember_browser(self, response: HttpResponseBase) -> None:
        """Mark this browser as one that signed in to the account, so a lock does not stop it."""
        response.set_signed_cookie(
            KNOWN_BROWSER_COOKIE,
            self.account_key.rsplit(":", 1)[1],
            salt=KNOWN_BROWSER_SALT,
            max_age=KNOWN_BROWSER_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )

    @staticmethod
    def _key(base: str) -> str:
        return f"{base}:{int(time.time() // settings.SIGN_IN_FAILURE_WINDOW_SECONDS)}"


def client_network(request: HttpRequest) -> str:
    """The client's address; for IPv6 its /64, which one household or machine usually holds."""
    remote = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return remote
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
