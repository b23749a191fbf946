import pytest
from django.core.exceptions import ValidationError

from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import user_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("4815162342", "This password is entirely numeric."),
        ("jordan.mcallister", "The password is too similar to the email."),
    ],
)
def test_user_create_applies_the_password_validators(company, password, message):
    with pytest.raises(ValidationError) as raised:
        user_create(company=company, email="jordan.mcallister@example.com", password=password)
    assert message in raised.value.message_dict["password"]
    assert not User.objects.filter(email="jordan.mcallister@example.com").exists()


def test_user_create_accepts_a_good_password(company):
    user = user_create(company=company, email="Pat@Example.com", password="gravel-orbit-lantern")
    assert user.email == "pat@example.com"
    assert user.check_password("gravel-orbit-lantern")
