"""python-quickbooks' own integration test of preferences (tests/integration/
test_preferences.py upstream), its flow run unchanged against the sandbox."""

from datetime import datetime

import pytest
from quickbooks.objects.preferences import Preferences

pytestmark = pytest.mark.django_db(transaction=True)


def test_get(qb):
    preferences = Preferences.get(qb=qb)

    assert preferences.Id == "1"
    assert preferences.AccountingInfoPrefs.TaxYearMonth == "January"
    assert preferences.ProductAndServicesPrefs.ForPurchase is True
    assert preferences.VendorAndPurchasesPrefs.BillableExpenseTracking is True
    assert preferences.TimeTrackingPrefs.WorkWeekStartDate == "Monday"
    assert preferences.OtherPrefs.NameValue[0].Name == "SalesFormsPrefs.DefaultCustomerMessage"


def test_update(qb):
    preferences = Preferences.get(qb=qb)

    subject = datetime.now().strftime("%d%H%M%S")
    preferences.EmailMessagesPrefs.EstimateMessage.Subject = subject
    preferences.save(qb=qb)

    preferences_updated = Preferences.get(qb=qb)
    assert preferences_updated.EmailMessagesPrefs.EstimateMessage.Subject == subject
