from rest_framework import serializers

from ontraccr_clone.accounts.models import Company, User


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
