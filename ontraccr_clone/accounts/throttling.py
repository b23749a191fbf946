"""Limits on signed-out actions that an attacker would repeat: sign-in and password reset.

Failed sign-ins are counted per account and per client address, in the shared cache.

- An address that fails too often is refused for every account until its window ends: one
  machine cannot guess passwords, whichever accounts it tries.
- An account that fails too often (from any number of addresses) is refused to browsers it does
  not know. A browser that has signed in to it before carries a signed "known browser" cookie and
  may still sign in, so an attacker who spreads guesses over many addresses can neither keep
  guessing nor lock its owner out. A browser that is not known waits for the window to end.
- A refused attempt is answered before the password is hashed, so an attack costs the server
  almost nothing and does not slow anyone else's sign-in.

Password reset requests are counted the same way: a client address that asks too often is refused
(429), and an account gets a few reset emails per window however many addresses ask for it, so
nobody can fill a mailbox with them. The answer never says whether the account exists.

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
class FixedWindow:
    """Counts of events per key in the current window of `seconds`, kept in the shared cache."""

    seconds: int

    def counts(self, *keys: str) -> list[int]:
        found = cache.get_many([self._key(key) for key in keys])
        return [found.get(self._key(key), 0) for key in keys]

    def add(self, *keys: str) -> None:
        for key in map(self._key, keys):
            cache.add(key, 0, timeout=self.seconds)
            try:
                cache.incr(key)
            except ValueError:  # the window ended between the two calls
                cache.add(key, 1, timeout=self.seconds)

    def seconds_left(self) -> int:
        return math.ceil(self.seconds - time.time() % self.seconds)

    def _key(self, key: str) -> str:
        return f"{key}:{int(time.time() // self.seconds)}"


def _account_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


@dataclass(frozen=True)
class SignInAttempt:
    """Who is trying to sign in: the account's email and the client's address and browser."""

    account_key: str
    address_key: str
    known_browser: bool

    @classmethod
    def from_request(cls, request: HttpRequest, *, email: str) -> "SignInAttempt":
        account = _account_hash(email)
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
        window = FixedWindow(settings.SIGN_IN_FAILURE_WINDOW_SECONDS)
        address_failures, account_failures = window.counts(self.address_key, self.account_key)
        refused = address_failures >= settings.SIGN_IN_FAILURES_PER_ADDRESS or (
            account_failures >= settings.SIGN_IN_FAILURES_PER_ACCOUNT and not self.known_browser
        )
        return window.seconds_left() if refused else None

    def record_failure(self) -> None:
        FixedWindow(settings.SIGN_IN_FAILURE_WINDOW_SECONDS).add(self.address_key, self.account_key)

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


@dataclass(frozen=True)
class PasswordResetRequest:
    """Who asks for a reset email: the account's email and the client's address."""

    account_key: str
    address_key: str

    @classmethod
    def from_request(cls, request: HttpRequest, *, email: str) -> "PasswordResetRequest":
        return cls(
            account_key=f"password-resets:account:{_account_hash(email)}",
            address_key=f"password-resets:address:{client_network(request)}",
        )

    def retry_after(self) -> int | None:
        """Seconds until this address may ask again, or None when it may ask now."""
        window = FixedWindow(settings.PASSWORD_RESET_WINDOW_SECONDS)
        (address_requests,) = window.counts(self.address_key)
        if address_requests >= settings.PASSWORD_RESETS_PER_ADDRESS:
            return window.seconds_left()
        return None

    def may_email(self) -> bool:
        """Count this request; False once the account has had its reset emails for the window."""
        window = FixedWindow(settings.PASSWORD_RESET_WINDOW_SECONDS)
        (account_emails,) = window.counts(self.account_key)
        window.add(self.address_key, self.account_key)
        return account_emails < settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT


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
