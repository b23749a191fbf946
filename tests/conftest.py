import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from ontraccr_clone.accounts.models import User
from ontraccr_clone.logs import JsonFormatter, RequestIdFilter
from tests.factories import CompanyFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no failed sign-ins counted (the cache outlives tests, and runs)."""
    cache.clear()


@pytest.fixture
def json_logs() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The lines logged from now on, in any thread, as LOG_FORMAT=json writes them, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.fixture
def company():
    return CompanyFactory()


@pytest.fixture
def admin(company) -> User:
    return UserFactory(company=company, role=User.Role.ADMIN)


@pytest.fixture
def member(company) -> User:
    return UserFactory(company=company, role=User.Role.MEMBER)


@pytest.fixture
def other_admin() -> User:
    """An admin of another company, for tenant-isolation tests."""
    return UserFactory(company=CompanyFactory(name="Other Co"), role=User.Role.ADMIN)


def _client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin) -> APIClient:
    return _client_for(admin)


@pytest.fixture
def member_client(member) -> APIClient:
    return _client_for(member)


@pytest.fixture
def other_client(other_admin) -> APIClient:
    return _client_for(other_admin)
