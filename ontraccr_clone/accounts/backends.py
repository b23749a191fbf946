from django.contrib.auth.backends import ModelBackend

from ontraccr_clone.accounts.models import User


class EmailBackend(ModelBackend):
    """Django's sign-in by email and password; loads the signed-in user with their company, which
    every tenant request reads next, in one query."""

    def get_user(self, user_id: int) -> User | None:
        user = User.objects.select_related("company").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
