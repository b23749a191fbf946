"""Who may do what, route by route: every route of the URL conf and every operation of the OpenAPI
schema, every method, as anonymous, a member, an admin and another company's admin.

Each route has one row in MATRIX, keyed by its pattern as `get_resolver()` spells it. A row gives,
per method, the statuses for (anonymous, member, admin, another company's admin). A route with an
`<int:pk>` takes the id of an object of the first company, made by OBJECTS from the segment
before the `<int:pk>`; another company's admin must get exactly what a missing id gets.

Adding a route: add its row here (the failure message prints one with the statuses it observed;
check each before pasting it), and, for a new kind of object, an entry in OBJECTS.
"""

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from integrations.quickbooks.models import QuickBooksImport, QuickBooksImportProposal
from ontraccr_clone.accounts.models import User
from tests.factories import (
    CustomerFactory,
    MaterialFactory,
    UserFactory,
    VendorFactory,
    form_template,
    published_workflow,
)
from tests.workflows.conftest import run_tasks
from tests.workflows.test_engine import APPROVAL_FLOW
from workflows.definitions.services import workflow_get_or_create
from workflows.forms.services import submission_create
from workflows.models import FormSubmission, FormTemplate, FormType, StepRun, WorkflowVersion

pytestmark = pytest.mark.django_db

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ROLES = ("anonymous", "member", "admin", "other company's admin")
MISSING_ID = 999_999_999

Statuses = tuple[int, int, int, int]


@dataclass(frozen=True)
class Row:
    """The statuses of one route, per method; `path` for a route without only `<int:pk>`."""

    statuses: dict[str, Statuses]
    path: str | None = None


def _row(default: Statuses, path: str | None, methods: dict[str, Statuses]) -> Row:
    unknown = set(methods) - set(METHODS)
    assert not unknown, f"Unknown methods {unknown}"
    assert all(len(statuses) == len(ROLES) for statuses in methods.values()), methods
    return Row({method: methods.get(method, default) for method in METHODS}, path)


def api(path: str | None = None, **methods: Statuses) -> Row:
    """A DRF endpoint for everyone of a company: a method it lacks answers 405, after refusing
    anonymous callers (401)."""
    return _row((401, 405, 405, 405), path, methods)


def admin_api(path: str | None = None, **methods: Statuses) -> Row:
    """A DRF endpoint where members only read (or nothing): they get 403 before any 405."""
    return _row((401, 403, 405, 405), path, methods)


def public_api(path: str | None = None, **methods: Statuses) -> Row:
    """A DRF endpoint open to anyone: a method it lacks answers 405 to everyone."""
    return _row((405, 405, 405, 405), path, methods)


def page(path: str | None = None, **methods: Statuses) -> Row:
    """A plain Django view (the app's pages, the QuickBooks sandbox): 405 for a method it lacks."""
    return _row((405, 405, 405, 405), path, methods)


def everyone(status: int) -> Statuses:
    return (status, status, status, status)


READ = (401, 200, 200, 200)
READ_OWN = (401, 200, 200, 404)  # another company's object answers as a missing one
ADMIN_READS = (401, 403, 200, 200)
ADMIN_READS_OWN = (401, 403, 200, 404)
ADMIN_CREATES = (401, 403, 400, 400)  # 400: allowed, and the empty body sent is refused
ADMIN_CHANGES_OWN = (401, 403, 200, 404)
ADMIN_SAVES_OWN = (401, 403, 400, 404)
ADMIN_VALIDATES = (401, 403, 200, 200)
STAFF_ONLY = everyone(302)  # Django's admin sends everyone who is not staff to its sign-in
REALM = "{realm}"

MATRIX: dict[str, Row] = {
    "healthz": page(GET=everyone(200)),
    "readyz": page(GET=everyone(503)),  # open to all; no worker runs here (test_operations.py)
    "metrics": page(GET=everyone(404)),  # only with METRICS_TOKEN set (test_operations.py)
    # The API
    "api/auth/session/": public_api(
        GET=(401, 200, 200, 200), POST=everyone(400), DELETE=everyone(204)
    ),
    "api/users/": api(GET=READ),
    # Forgotten passwords and invitation links, for anyone (the empty body sent is refused)
    "api/auth/password-reset/": public_api(POST=everyone(400)),
    "api/auth/password-set/": public_api(POST=everyone(400)),
    "api/account/": api(PATCH=(401, 400, 400, 400)),
    "api/account/password/": api(POST=(401, 400, 400, 400)),
    "api/people/": admin_api(GET=ADMIN_READS, POST=ADMIN_CREATES),
    "api/people/<int:pk>/role/": admin_api(POST=ADMIN_SAVES_OWN),
    "api/people/<int:pk>/deactivate/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/people/<int:pk>/reactivate/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/people/<int:pk>/invitation/": admin_api(POST=ADMIN_SAVES_OWN),  # 400: not invited
    "api/vendors/": admin_api(GET=READ, POST=ADMIN_CREATES),
    # Validation: 200 with the problems of the body (an empty one has some); a foreign id is 404
    "api/vendors/validate/": admin_api(POST=ADMIN_VALIDATES),
    "api/materials/validate/": admin_api(POST=ADMIN_VALIDATES),
    "api/form-types/validate/": admin_api(POST=ADMIN_VALIDATES),
    "api/form-templates/validate/": admin_api(POST=ADMIN_VALIDATES),
    "api/form-templates/<int:pk>/validate/": api(POST=READ_OWN),
    "api/vendors/<int:pk>/": admin_api(GET=READ_OWN, PATCH=ADMIN_CHANGES_OWN),
    "api/vendors/<int:pk>/deactivate/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/vendors/<int:pk>/reactivate/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/materials/": admin_api(GET=READ, POST=ADMIN_CREATES),
    "api/materials/<int:pk>/": admin_api(GET=READ_OWN, PATCH=ADMIN_CHANGES_OWN),
    "api/materials/<int:pk>/deactivate/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/materials/<int:pk>/reactivate/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/customers/": admin_api(GET=READ, POST=ADMIN_CREATES),
    "api/customers/validate/": admin_api(POST=ADMIN_VALIDATES),
    "api/customers/<int:pk>/": admin_api(GET=READ_OWN, PATCH=ADMIN_CHANGES_OWN),
    "api/customers/<int:pk>/deactivate/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/customers/<int:pk>/reactivate/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/field-types/": api(GET=READ),
    "api/form-types/": admin_api(GET=READ, POST=ADMIN_CREATES),
    "api/form-types/<int:pk>/": admin_api(GET=READ_OWN, PATCH=ADMIN_CHANGES_OWN),
    "api/form-templates/": admin_api(GET=READ, POST=ADMIN_CREATES),
    "api/form-templates/<int:pk>/": admin_api(GET=READ_OWN, PUT=ADMIN_SAVES_OWN),
    "api/form-templates/<int:pk>/archive/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/form-templates/<int:pk>/restore/": admin_api(POST=ADMIN_SAVES_OWN),  # 400: not archived
    "api/submissions/": api(GET=READ, POST=(401, 400, 400, 400)),
    "api/submissions/statuses/": api(GET=READ),
    "api/submissions/reports/": api(GET=READ),
    "api/submissions/<int:pk>/": api(GET=READ_OWN),
    "api/submissions/<int:pk>/timeline/": api(GET=READ_OWN),
    # The admin's submission: a member who did not submit it may not revise it (403); 400: the
    # empty body leaves the required fields empty.
    "api/submissions/<int:pk>/revise/": api(POST=ADMIN_SAVES_OWN),
    "api/step-types/": admin_api(GET=(401, 403, 400, 400)),  # 400: no ?template=
    "api/workflows/": admin_api(GET=ADMIN_READS, POST=ADMIN_CREATES),
    "api/workflows/<int:pk>/": admin_api(GET=ADMIN_READS_OWN),
    "api/workflows/<int:pk>/draft/": admin_api(PUT=ADMIN_SAVES_OWN),
    "api/workflows/<int:pk>/publish/": admin_api(POST=ADMIN_SAVES_OWN),
    "api/workflows/<int:pk>/versions/": admin_api(GET=ADMIN_READS_OWN),
    "api/workflows/<int:pk>/versions/<int:number>/": admin_api(GET=ADMIN_READS_OWN),
    "api/workflows/<int:pk>/versions/<int:number>/restore/": admin_api(POST=ADMIN_CHANGES_OWN),
    "api/submissions/<int:pk>/run/": api(GET=READ_OWN),
    "api/approvals/": api(GET=READ),
    # An action on a waiting step (an approval's approve): the admin is the approver; a member
    # who is not gets 403.
    "api/step-runs/<int:pk>/actions/<slug:action>/": api(POST=ADMIN_CHANGES_OWN),
    "api/runs/<int:pk>/cancel/": api(POST=ADMIN_CHANGES_OWN),
    "api/step-runs/<int:pk>/retry/": api(POST=ADMIN_SAVES_OWN),  # 400: the step has not failed
    # QuickBooks Online, for admins; the first company has no connection (400 or 404)
    "api/integrations/quickbooks/": admin_api(GET=ADMIN_READS),
    # 502: the test client's host serves no QuickBooks sandbox to start the connection with
    "api/integrations/quickbooks/connect/": admin_api(POST=(401, 403, 200, 200)),
    "api/integrations/quickbooks/disconnect/": admin_api(POST=(401, 403, 404, 404)),
    "api/integrations/quickbooks/accounts/": admin_api(GET=ADMIN_CREATES, PUT=ADMIN_CREATES),
    "api/integrations/quickbooks/preferences/refresh/": admin_api(POST=ADMIN_CREATES),
    "api/integrations/quickbooks/imports/": admin_api(GET=ADMIN_READS, POST=ADMIN_CREATES),
    "api/integrations/quickbooks/imports/<int:pk>/": admin_api(GET=ADMIN_READS_OWN),
    "api/integrations/quickbooks/import-proposals/<int:pk>/": admin_api(POST=ADMIN_SAVES_OWN),
    "api/integrations/quickbooks/preview/": admin_api(POST=ADMIN_CREATES),
    # 400: the company has no QuickBooks connection to search
    "api/integrations/quickbooks/vendors/": admin_api(GET=ADMIN_CREATES),
    "api/integrations/quickbooks/items/": admin_api(GET=ADMIN_CREATES),
    "api/integrations/quickbooks/customers/": admin_api(GET=ADMIN_CREATES),
    # Which rows are linked: members see it on the catalog pages.
    "api/integrations/quickbooks/vendor-links/": api(GET=READ),
    "api/integrations/quickbooks/material-links/": api(GET=READ),
    "api/integrations/quickbooks/customer-links/": api(GET=READ),
    "api/integrations/quickbooks/vendor-links/<int:pk>/": admin_api(PUT=ADMIN_SAVES_OWN),
    "api/integrations/quickbooks/material-links/<int:pk>/": admin_api(PUT=ADMIN_SAVES_OWN),
    "api/integrations/quickbooks/customer-links/<int:pk>/": admin_api(PUT=ADMIN_SAVES_OWN),
    "api/schema/": public_api(GET=everyone(200)),
    "api/docs/": public_api(GET=everyone(200)),
    "api/^.*$": page("/api/no-such-endpoint/", **dict.fromkeys(METHODS, everyone(404))),
    # The local QuickBooks sandbox: its own credentials, not the app's sign-in
    "qbo-sandbox/": page(GET=everyone(200)),
    "qbo-sandbox/companies/<str:realm_id>/": page(
        f"/qbo-sandbox/companies/{REALM}/", GET=everyone(200)
    ),
    # 400: a form without a home currency changes nothing
    "qbo-sandbox/companies/<str:realm_id>/preferences/": page(
        f"/qbo-sandbox/companies/{REALM}/preferences/", POST=everyone(400)
    ),
    "qbo-sandbox/companies/<str:realm_id>/purchase-orders/<str:qbo_id>/": page(
        f"/qbo-sandbox/companies/{REALM}/purchase-orders/1/", GET=everyone(404)
    ),
    "qbo-sandbox/companies/<str:realm_id>/purchase-orders/<str:qbo_id>/close/": page(
        f"/qbo-sandbox/companies/{REALM}/purchase-orders/1/close/", POST=everyone(404)
    ),
    "qbo-sandbox/companies/<str:realm_id>/purchase-orders/<str:qbo_id>/reopen/": page(
        f"/qbo-sandbox/companies/{REALM}/purchase-orders/1/reopen/", POST=everyone(404)
    ),
    "qbo-sandbox/.well-known/openid_configuration": page(GET=everyone(200)),
    "qbo-sandbox/.well-known/openid_configuration/": page(GET=everyone(200)),
    "qbo-sandbox/op/v1": page(GET=everyone(200)),
    "qbo-sandbox/connect/oauth2": page(GET=everyone(400), POST=everyone(400)),
    "qbo-sandbox/oauth2/v1/tokens/bearer": page(POST=everyone(401)),
    "qbo-sandbox/oauth2/v1/tokens/revoke": page(POST=everyone(401)),
    "qbo-sandbox/oauth2/v1/certs": page(GET=everyone(200)),
    "qbo-sandbox/v1/openid_connect/userinfo": page(GET=everyone(401)),
    "qbo-sandbox/faults/<str:realm_id>": page(
        f"/qbo-sandbox/faults/{REALM}", GET=everyone(401), POST=everyone(401), DELETE=everyone(401)
    ),
    "qbo-sandbox/v3/": page(**dict.fromkeys(METHODS, everyone(400))),
    "qbo-sandbox/^v3/company/(?P<realm_id>[^/]+)/(?P<resource>.*)$": page(
        f"/qbo-sandbox/v3/company/{REALM}/companyinfo/{REALM}",
        **dict.fromkeys(METHODS, everyone(401)),
    ),
    "qbo-sandbox/^v3/(?P<resource>.*)$": page(
        "/qbo-sandbox/v3/nowhere", **dict.fromkeys(METHODS, everyone(400))
    ),
    # QuickBooks Online: where Intuit sends the browser back, and its webhooks
    "integrations/quickbooks/callback/": page(GET=everyone(302)),
    "integrations/quickbooks/webhooks/": page(POST=everyone(401)),
    # Every other path is a page of the single-page app
    "^(?!api/|static/|admin/|qbo-sandbox/)(?P<path>.*)$": page("/forms", GET=everyone(200)),
}

# Django's admin: every route refuses whoever is not staff, except its sign-in and sign-out.
ADMIN_SITE_DEFAULT = _row(STAFF_ONLY, None, {})
ADMIN_SITE_ROWS: dict[str, Row] = {
    "admin/login/": page(GET=everyone(200), POST=everyone(200), PUT=everyone(200)),
}

NUMBERS = itertools.count(1)


# What a `<int:pk>` of a route points at, by the segment before it.
def _submission(admin: User, template: FormTemplate | None = None) -> FormSubmission:
    material = MaterialFactory(company=admin.company)
    return submission_create(
        actor=admin,
        template=template or form_template(admin=admin, name=f"Form {next(NUMBERS)}"),
        data={
            "vendor": VendorFactory(company=admin.company).pk,
            "materials": [{"material_id": material.pk, "quantity": 1}],
        },
    )


def _workflow(admin: User) -> Model:
    """A workflow whose first version is published (as version 1), with no draft."""
    template = form_template(admin=admin, name=f"Form {next(NUMBERS)}")
    workflow, _ = workflow_get_or_create(actor=admin, template=template)
    workflow.versions.update(
        state=WorkflowVersion.State.PUBLISHED, number=1, published_at=timezone.now(),
        published_by=admin,
    )  # fmt: skip
    return workflow


def _waiting_approval(admin: User) -> Model:
    """A member's purchase order whose workflow waits for the admin's approval."""
    template = form_template(admin=admin, name=f"Form {next(NUMBERS)}")
    published_workflow(template=template, **APPROVAL_FLOW)
    submission = _submission(admin, template=template)
    run_tasks()
    return StepRun.objects.get(run__submission=submission, status="waiting")


def _import_proposal(admin: User) -> QuickBooksImportProposal:
    run = QuickBooksImport.objects.create(company=admin.company, started_by=admin)
    return QuickBooksImportProposal.objects.create(
        company=admin.company,
        run=run,
        kind="item",
        qbo_id="1",
        qbo_name="Pump",
        proposed_id=MaterialFactory(company=admin.company, name=f"Pump {next(NUMBERS)}").pk,
    )


OBJECTS: dict[str, Callable[[User], Model]] = {
    "vendors": lambda admin: VendorFactory(company=admin.company),
    "people": lambda admin: UserFactory(company=admin.company),
    "materials": lambda admin: MaterialFactory(company=admin.company),
    "customers": lambda admin: CustomerFactory(company=admin.company),
    "form-types": lambda admin: FormType.objects.get(company=admin.company, key="po"),
    "form-templates": lambda admin: form_template(admin=admin, name=f"Form {next(NUMBERS)}"),
    "submissions": _submission,
    "workflows": _workflow,
    "step-runs": _waiting_approval,
    "runs": lambda admin: _waiting_approval(admin).run,
    "vendor-links": lambda admin: VendorFactory(company=admin.company),
    "material-links": lambda admin: MaterialFactory(company=admin.company),
    "customer-links": lambda admin: CustomerFactory(company=admin.company),
    "imports": lambda admin: QuickBooksImport.objects.create(
        company=admin.company, started_by=admin
    ),
    "import-proposals": _import_proposal,
}


def url_routes() -> Iterator[tuple[str, str | None]]:
    """Every route of the URL conf: its full pattern and its name."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str | None]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield prefix + str(pattern.pattern), name

    yield from walk(get_resolver().url_patterns, "", "")


def row_for(route: str) -> Row | None:
    if route.startswith("admin/"):
        return ADMIN_SITE_ROWS.get(route, ADMIN_SITE_DEFAULT)
    return MATRIX.get(route)


def concrete_path(route: str, row: Row, world: "World") -> str:
    if row.path is not None:
        return row.path.replace(REALM, world.realm)
    if route.startswith("admin/"):
        path = re.sub(r"<[^>]+>", "1", route)
        return "/" + re.sub(r"\(\?P<\w+>[^)]*\)\$?", "x", path).lstrip("^")
    if "<int:pk>" in route:
        return "/" + with_ids(route, world.object_id(route))
    assert "<" not in route and "(" not in route, f"Give the row of {route!r} a concrete `path`."
    return "/" + route


def with_ids(route: str, pk: int) -> str:
    """The route for object `pk`; a version `<int:number>` is its first version, an action on a
    waiting step an approval's approve."""
    route = route.replace("<int:pk>", str(pk)).replace("<int:number>", "1")
    return route.replace("<slug:action>", "approve")


class World:
    """The four callers, each with a signed-in browser, and the first company's objects."""

    def __init__(self, users: tuple[User | None, User, User, User], realm: str) -> None:
        self.users = users
        self.admin = users[2]
        self.realm = realm
        self.clients = [APIClient() for _ in users]

    def object_id(self, route: str) -> int:
        """A fresh object for each route, so that what one route changes never shows in another."""
        segment = route.split("/<int:pk>")[0].rsplit("/", 1)[-1]
        assert segment in OBJECTS, (
            f"Route {route!r} has an <int:pk> of kind {segment!r}: add an entry for it to OBJECTS"
            " in tests/test_permission_matrix.py, or give its row a `path`."
        )
        return OBJECTS[segment](self.admin).pk

    def call(self, role: int, method: str, path: str) -> Any:
        client, user = self.clients[role], self.users[role]
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)  # again after a sign-out
        return client.generic(method, path, "{}" if method != "GET" else "", "application/json")

    def statuses(self, method: str, path: str) -> Statuses:
        return tuple(self.call(role, method, path).status_code for role in range(len(ROLES)))  # type: ignore[return-value]


@pytest.fixture
def world(admin, member, other_admin, settings, tmp_path) -> World:
    from integrations.qbo_sandbox.services import sandbox_default_realm_id

    (tmp_path / "index.html").write_text("<!doctype html><title>Ontraccr Clone</title>")
    settings.FRONTEND_DIST = tmp_path
    return World((None, member, admin, other_admin), sandbox_default_realm_id())


def test_every_route_has_a_row():
    missing = [(route, name) for route, name in url_routes() if row_for(route) is None]
    assert not missing, (
        "These routes have no row in MATRIX (tests/test_permission_matrix.py):\n"
        + "\n".join(f"  {route!r} (name {name!r})" for route, name in missing)
        + "\nAdd a row per route, e.g.\n"
        '    "api/things/<int:pk>/": api(GET=READ_OWN, PATCH=ADMIN_CHANGES_OWN),\n'
        "and run test_every_route_answers_as_its_row_says, which prints what each role gets."
    )


def test_every_row_is_a_route():
    routes = {route for route, _ in url_routes()}
    stale = sorted(set(MATRIX) - routes) + sorted(set(ADMIN_SITE_ROWS) - routes)
    assert not stale, f"Rows for routes that no longer exist: {stale}"


def test_every_route_answers_as_its_row_says(world):
    wrong = []
    for route, _ in url_routes():
        row = row_for(route)
        path = concrete_path(route, row or page(), world)
        got = {method: world.statuses(method, path) for method in METHODS}
        if row is None:
            wrong.append(f"  {route!r} ({path}) has no row; observed: {got}")
            continue
        differing = {m: (row.statuses[m], got[m]) for m in METHODS if got[m] != row.statuses[m]}
        if differing:
            details = ", ".join(f"{m}: expected {e}, got {g}" for m, (e, g) in differing.items())
            wrong.append(f"  {route!r} ({path}) {details}\n    observed row: {got}")
    assert not wrong, f"Statuses for {ROLES} differ from MATRIX:\n" + "\n".join(wrong)


def test_another_companys_object_answers_exactly_as_a_missing_one(world):
    different = []
    for route, _ in url_routes():
        if "<int:pk>" not in route or route.startswith("admin/"):
            continue
        foreign = "/" + with_ids(route, world.object_id(route))
        missing = "/" + with_ids(route, MISSING_ID)
        for method in METHODS:
            answers = [world.call(3, method, path) for path in (foreign, missing)]
            bodies = [(answer.status_code, answer.content) for answer in answers]
            if bodies[0] != bodies[1]:
                different.append(f"  {method} {route}: {bodies[0]} but a missing id: {bodies[1]}")
    assert not different, "Another company's objects must look missing:\n" + "\n".join(different)


def _normalised(path: str) -> str:
    return re.sub(r"\{[^}]+\}|<[^>]+>", "{}", "/" + path.lstrip("/"))


def test_every_schema_operation_has_its_row_and_every_allowed_method_is_documented():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = {
        (_normalised(path), method.upper())
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in METHODS
    }
    routes = {_normalised(route): route for route in MATRIX if route.startswith("api/")}
    undocumented_rows = [path for path, _ in documented if path not in routes]
    assert not undocumented_rows, f"Schema paths with no row in MATRIX: {undocumented_rows}"
    refused = [
        f"{method} {path}"
        for path, method in documented
        if MATRIX[routes[path]].statuses[method][2] == 405
    ]
    assert not refused, f"The schema documents operations that answer 405: {refused}"
    allowed = {
        (path, method)
        for path, route in routes.items()
        if route not in ("api/schema/", "api/docs/", "api/^.*$")
        for method, statuses in MATRIX[route].statuses.items()
        if statuses[2] != 405
    }
    assert not allowed - documented, f"Operations missing from the schema: {allowed - documented}"
