from typing import Literal

from rest_framework import serializers

from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.accounts.selectors import Area, user_areas


class CompanySerializer(serializers.ModelSerializer[Company]):
    class Meta:
        model = Company
        fields = ("id", "name")


class UserSerializer(serializers.ModelSerializer[User]):
    company = CompanySerializer(read_only=True)

    class Meta:
        model = User
        fields = ("id", "email", "name", "display_name", "role", "is_admin", "company")
        read_only_fields = fields


class SessionUserSerializer(UserSerializer):
    """The signed-in person, with the areas of the app their role lets them use, so that the
    browser offers only those."""

    areas = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields: tuple[str, ...] = (*UserSerializer.Meta.fields, "areas")
        read_only_fields = fields

    def get_areas(self, user: User) -> list[Area]:
        return user_areas(user=user)


class TeamPersonSerializer(serializers.ModelSerializer[User]):
    """A person as their company's admins see them in Settings > People."""

    status = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ("id", "email", "name", "display_name", "role", "status", "last_login")
        read_only_fields = fields

    def get_status(self, person: User) -> Literal["invited", "active", "deactivated"]:
        if not person.is_active:
            return "deactivated"
        return "invited" if person.is_invited else "active"
