"""The product's QuickBooks integration against the local sandbox, over real HTTP.

pytest-django's live server serves the whole app (and with it the sandbox under /qbo-sandbox/);
the integration connects to it through the consent page exactly as an admin's browser would.
"""

import gc
import html
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore

from integrations.qbo_sandbox.models import SandboxEntity
from integrations.qbo_sandbox.seed import SAMPLE_COMPANIES
from integrations.quickbooks import services
from integrations.quickbooks.models import QuickBooksConnection, QuickBooksLink
from ontraccr_clone.accounts.models import User
from ontraccr_clone.catalog.models import Customer, Material, Vendor
from tests.factories import PASSWORD, MaterialFactory, VendorFactory, form_template
from workflows.forms.models import FormSubmission, FormTemplate
from workflows.forms.services import submission_create

REALM_ID = SAMPLE_COMPANIES[0].realm_id
SYNC_CONFIG = {
    "vendor_field": "vendor",
    "materials_field": "materials",
    "memo_field": "memo",
    "due_date_field": "due_date",
    "create_unlinked_items": True,
}


@pytest.fixture(autouse=True)
def _close_connections() -> Iterator[None]:
    yield
    # A response that python-quickbooks turned into an exception is held, with its connection,
    # by the traceback's reference cycle until the collector runs.
    gc.collect()


@pytest.fixture
def origin(live_server, transactional_db, settings) -> str:  # type: ignore[no-untyped-def]
    settings.QBO_ENVIRONMENT = "local"
    return str(live_server.url)


def consent(authorization_url: str, *, realm_id: str = REALM_ID) -> dict[str, str]:
    """Press Connect on the sandbox's consent page; answers the callback's query parameters."""
    with requests.Session() as browser:
        page = browser.get(authorization_url, timeout=10)
        assert page.status_code == 200, page.text
        hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)
        fields = {name: html.unescape(value) for name, value in hidden}
        fields.update(realm_id=realm_id, decision="connect")
        parts = urlsplit(authorization_url)
        answer = browser.post(
            f"{parts.scheme}://{parts.netloc}{parts.path}",
            data=fields,
            allow_redirects=False,
            timeout=10,
        )
    assert answer.status_code == 302, answer.text
    return {
        key: values[0]
        for key, values in parse_qs(urlsplit(answer.headers["Location"]).query).items()
    }


class Browser(requests.Session):
    """A signed-in browser on the live server: sends the CSRF token like the frontend does."""

    def __init__(self, origin: str) -> None:
        super().__init__()
        self.origin = origin

    def request(self, method, url, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        if url.startswith("/"):
            url = self.origin + url
        headers = kwargs.pop("headers", None) or {}
        if method.upper() not in ("GET", "HEAD", "OPTIONS"):
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        kwargs.setdefault("timeout", 20)
        return super().request(method, url, *args, headers=headers, **kwargs)


@pytest.fixture
def sign_in(origin: str) -> Iterator[Callable[[User], Browser]]:
    browsers: list[Browser] = []

    def run(user: User) -> Browser:
        browser = Browser(origin)
        browsers.append(browser)
        browser.get("/api/auth/session/")
        answer = browser.post(
            "/api/auth/session/", json={"email": user.email, "password": PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        return browser

    yield run
    for browser in browsers:
        browser.close()


@pytest.fixture
def connect(origin: str) -> Callable[..., QuickBooksConnection]:
    """Connect an admin's company through the real OAuth flow (start, consent, finish)."""

    def run(admin: User, realm_id: str = REALM_ID) -> QuickBooksConnection:
        session = SessionStore()
        url = services.quickbooks_connect_start(actor=admin, session=session, origin=origin)
        answer = consent(url, realm_id=realm_id)
        return services.quickbooks_connect_finish(
            actor=admin,
            session=session,
            state=answer["state"],
            code=answer["code"],
            realm_id=answer["realmId"],
        )

    return run


@pytest.fixture
def connection(connect, admin) -> QuickBooksConnection:  # type: ignore[no-untyped-def]
    return connect(admin)


@pytest.fixture
def template(admin) -> FormTemplate:  # type: ignore[no-untyped-def]
    return form_template(admin=admin)


@pytest.fixture
def submit(admin, template) -> Callable[..., FormSubmission]:  # type: ignore[no-untyped-def]
    """Submit a PO with a vendor and rows: catalog materials by object, free text by name."""

    def run(vendor=None, rows=None, memo: str = "Deliver to gate 3", due: str = "2026-12-15"):  # type: ignore[no-untyped-def]
        vendor = vendor or VendorFactory(company=admin.company)
        rows = rows or [MaterialFactory(company=admin.company)]
        materials = []
        for row in rows:
            if isinstance(row, str):
                materials.append({"name": row, "quantity": "2", "unit_cost": "7.50"})
            else:
                materials.append({"material_id": row.pk, "quantity": "3"})
        return submission_create(
            actor=admin,
            template=template,
            data={"vendor": vendor.pk, "materials": materials, "memo": memo, "due_date": due},
        )

    return run


def sandbox_records(entity_type: str, realm_id: str = REALM_ID) -> list[dict]:
    return [
        entity.body
        for entity in SandboxEntity.objects.filter(
            company__realm_id=realm_id, entity_type=entity_type
        ).order_by("id")
    ]


def sandbox_purchase_orders(doc_number: str, realm_id: str = REALM_ID) -> list[dict]:
    return [
        body
        for body in sandbox_records("PurchaseOrder", realm_id)
        if body.get("DocNumber") == doc_number
    ]


def money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


CatalogRow = TypeVar("CatalogRow", Vendor, Material, Customer)
LINK_KINDS = {
    Vendor: QuickBooksLink.Kind.VENDOR,
    Material: QuickBooksLink.Kind.ITEM,
    Customer: QuickBooksLink.Kind.CUSTOMER,
}


def _link_kind(row: Vendor | Material | Customer) -> str:
    return LINK_KINDS[type(row)]


def link(row: CatalogRow, qbo_id: str) -> CatalogRow:
    """Link a catalog row to a QuickBooks record, as an import would."""
    QuickBooksLink.objects.create(
        company_id=row.company_id, kind=_link_kind(row), object_id=row.pk, qbo_id=qbo_id
    )
    return row


def linked_id(row: Vendor | Material | Customer) -> str:
    """The QuickBooks id a catalog row is linked to, or blank."""
    found = QuickBooksLink.objects.filter(
        company_id=row.company_id, kind=_link_kind(row), object_id=row.pk
    ).first()
    return found.qbo_id if found else ""
