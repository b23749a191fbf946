import threading
import time

import pytest
from quickbooks.exceptions import ValidationException
from quickbooks.objects.vendor import Vendor

from integrations.qbo_sandbox import services
from tests.integrations.qbo_sandbox.conftest import OTHER_REALM_ID, REALM_ID

pytestmark = pytest.mark.django_db(transaction=True)


def test_requests_past_the_limit_in_a_window_are_throttled_until_it_ends(settings, connect):
    settings.QBO_SANDBOX_THROTTLE_LIMIT = 5
    settings.QBO_SANDBOX_THROTTLE_WINDOW_SECONDS = 1.5
    qb = connect()  # connecting makes no API call
    for _ in range(5):
        Vendor.count(qb=qb)

    with pytest.raises(ValidationException) as error:
        Vendor.count(qb=qb)
    other_company = Vendor.count(qb=connect(OTHER_REALM_ID))
    time.sleep(1.6)

    assert error.value.error_code == 3001
    assert "ThrottleExceeded" in error.value.message
    assert other_company == 3
    assert Vendor.count(qb=qb) == 12


def test_more_concurrent_requests_than_the_limit_are_throttled(settings, connect):
    settings.QBO_SANDBOX_CONCURRENCY_LIMIT = 1
    settings.QBO_SANDBOX_HANG_SECONDS = 1.0
    slow, fast = connect(), connect()
    services.sandbox_inject_faults(realm_id=REALM_ID, status_or_kind="hang", count=1)
    slow_answer: list[int] = []
    hanging = threading.Thread(target=lambda: slow_answer.append(Vendor.count(qb=slow)))
    hanging.start()
    time.sleep(0.3)

    with pytest.raises(ValidationException) as error:
        Vendor.count(qb=fast)
    hanging.join()

    assert error.value.error_code == 3001
    assert slow_answer == [12]
    assert Vendor.count(qb=fast) == 12
