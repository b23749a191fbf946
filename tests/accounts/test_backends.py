import pytest

from ontraccr_clone.accounts.backends import EmailBackend


@pytest.mark.django_db
def test_the_signed_in_user_comes_with_their_company_in_one_query(
    member, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = EmailBackend().get_user(member.pk)
        assert user == member
        assert user.tenant == member.company


@pytest.mark.django_db
def test_a_deactivated_or_missing_user_is_signed_out(member):
    member.is_active = False
    member.save()
    assert EmailBackend().get_user(member.pk) is None
    assert EmailBackend().get_user(member.pk + 1000) is None
