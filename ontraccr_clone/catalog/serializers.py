from decimal import Decimal

from rest_framework import serializers

from ontraccr_clone.api import ActiveFilterField, IdField, SearchFilterField
from ontraccr_clone.catalog.models import Customer, Material, Vendor


class CatalogFilterSerializer(serializers.Serializer):
    search = SearchFilterField(help_text="Part of the name.")
    active = ActiveFilterField()


class VendorSerializer(serializers.ModelSerializer[Vendor]):
    email = serializers.CharField(read_only=True, help_text="An email address, or blank.")

    class Meta:
        model = Vendor
        fields = ("id", "name", "email", "phone", "address", "active", "updated_at")
        read_only_fields = fields


class VendorInputSerializer(serializers.ModelSerializer[Vendor]):
    class Meta:
        model = Vendor
        fields: tuple[str, ...] = ("name", "email", "phone", "address")


class MaterialSerializer(serializers.ModelSerializer[Material]):
    class Meta:
        model = Material
        fields = ("id", "name", "description", "unit", "unit_cost", "active", "updated_at")
        read_only_fields = fields


class MaterialInputSerializer(serializers.ModelSerializer[Material]):
    unit_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )

    class Meta:
        model = Material
        fields: tuple[str, ...] = ("name", "description", "unit", "unit_cost")


class VendorValidateSerializer(VendorInputSerializer):
    id = IdField(required=False, help_text="The vendor being changed; none for a new one.")

    class Meta(VendorInputSerializer.Meta):
        fields: tuple[str, ...] = (*VendorInputSerializer.Meta.fields, "id")


class MaterialValidateSerializer(MaterialInputSerializer):
    id = IdField(required=False, help_text="The material being changed; none for a new one.")

    class Meta(MaterialInputSerializer.Meta):
        fields: tuple[str, ...] = (*MaterialInputSerializer.Meta.fields, "id")


class CustomerSerializer(serializers.ModelSerializer[Customer]):
    email = serializers.CharField(read_only=True, help_text="An email address, or blank.")
    parent_name = serializers.CharField(
        source="parent.name", read_only=True, default="", help_text="The project's customer."
    )
    full_name = serializers.CharField(
        read_only=True, help_text='"Customer:Project" for a project, the name for a customer.'
    )

    class Meta:
        model = Customer
        fields = (
            "id",
            "name",
            "parent",
            "parent_name",
            "full_name",
            "email",
            "phone",
            "active",
            "updated_at",
        )
        read_only_fields = fields


class CustomerInputSerializer(serializers.ModelSerializer[Customer]):
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Customer.objects.all(),
        required=False,
        allow_null=True,
        help_text="The customer a project is for; none for a customer.",
    )

    class Meta:
        model = Customer
        fields: tuple[str, ...] = ("name", "parent", "email", "phone")


class CustomerValidateSerializer(CustomerInputSerializer):
    id = IdField(required=False, help_text="The customer being changed; none for a new one.")

    class Meta(CustomerInputSerializer.Meta):
        fields: tuple[str, ...] = (*CustomerInputSerializer.Meta.fields, "id")


class CustomerFilterSerializer(CatalogFilterSerializer):
    kind = serializers.ChoiceField(
        choices=(("customers", "Customers"), ("projects", "Projects")),
        required=False,
        help_text="Only customers (no parent), or only projects; both when absent.",
    )
