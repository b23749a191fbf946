from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integrations.quickbooks.import_proposals import DECISIONS
from integrations.quickbooks.models import (
    QuickBooksConnection,
    QuickBooksImport,
    QuickBooksImportProposal,
)
from integrations.quickbooks.preferences import company_preferences
from ontraccr_clone.api import SearchFilterField


class CompanyPreferencesSerializer(serializers.Serializer):
    """The QuickBooks company's settings that shape its purchase orders, as last read."""

    purchase_orders = serializers.BooleanField(help_text="Purchase orders are turned on.")
    custom_doc_numbers = serializers.BooleanField(
        help_text="Custom transaction numbers: our PO number is its number in QuickBooks; when "
        "off, QuickBooks numbers it and ours goes in its memo."
    )
    class_tracking = serializers.ChoiceField(choices=["off", "per_line", "per_transaction"])
    billable_expenses = serializers.BooleanField()
    home_currency = serializers.CharField()
    multi_currency = serializers.BooleanField()


class QuickBooksConnectionSerializer(serializers.ModelSerializer[QuickBooksConnection]):
    connected_by = serializers.CharField(source="connected_by.display_name", default="")
    needs_reconnect = serializers.SerializerMethodField()
    preferences = serializers.SerializerMethodField()

    class Meta:
        model = QuickBooksConnection
        fields = (
            "status", "needs_reconnect", "realm_id", "company_name", "connected_at",
            "connected_by", "disconnected_at", "last_sync_at",
            "income_account_id", "income_account_name", "expense_account_id",
            "expense_account_name", "payable_account_id", "payable_account_name",
            "preferences", "preferences_read_at",
        )  # fmt: skip
        read_only_fields = fields

    def get_needs_reconnect(self, connection: QuickBooksConnection) -> bool:
        return connection.status == QuickBooksConnection.Status.NEEDS_RECONNECT

    @extend_schema_field(CompanyPreferencesSerializer)
    def get_preferences(self, connection: QuickBooksConnection) -> dict[str, Any]:
        return asdict(company_preferences(connection=connection))


class QuickBooksAccountSerializer(serializers.Serializer):
    id = serializers.CharField(source="Id")
    name = serializers.CharField(source="Name")
    type = serializers.CharField(source="AccountType")


class QuickBooksAccountsInputSerializer(serializers.Serializer):
    income_account_id = serializers.CharField(max_length=50)
    expense_account_id = serializers.CharField(max_length=50)
    payable_account_id = serializers.CharField(max_length=50)


class QuickBooksImportSkippedSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["vendor", "item", "customer"])
    name = serializers.CharField()
    reason = serializers.CharField()


class QuickBooksImportProposalSerializer(serializers.ModelSerializer[QuickBooksImportProposal]):
    class Meta:
        model = QuickBooksImportProposal
        fields = (
            "id", "kind", "qbo_id", "qbo_name", "proposed_id", "proposed_name", "decision",
            "object_id", "object_name", "decided_at",
        )  # fmt: skip
        read_only_fields = fields


class QuickBooksImportSerializer(serializers.ModelSerializer[QuickBooksImport]):
    skipped = QuickBooksImportSkippedSerializer(many=True, read_only=True)
    proposals = QuickBooksImportProposalSerializer(many=True, read_only=True)

    class Meta:
        model = QuickBooksImport
        fields = (
            "id", "status", "created_at", "finished_at", "total", "done", "linked", "added",
            "skipped", "proposals", "include_services", "error",
        )  # fmt: skip
        read_only_fields = fields


class QuickBooksImportInputSerializer(serializers.Serializer):
    include_services = serializers.BooleanField(
        default=False, help_text="Add QuickBooks service items as materials too."
    )


class QuickBooksImportDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=DECISIONS,
        help_text="accept the proposed row, link another (object_id), create a new row, or skip.",
    )
    object_id = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )

    def validate(self, attrs: dict) -> dict:
        if attrs["decision"] == "link" and not attrs.get("object_id"):
            raise serializers.ValidationError({"object_id": "Choose the row to link to."})
        return attrs


class PurchaseOrderPreviewInputSerializer(serializers.Serializer):
    workflow = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    config = serializers.DictField()


class PurchaseOrderPreviewSerializer(serializers.Serializer):
    submission_id = serializers.IntegerField(allow_null=True)
    submission_number = serializers.CharField(allow_blank=True)
    payload = serializers.DictField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())


class QuickBooksRecordSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The record's id in QuickBooks.")
    name = serializers.CharField()
    linked_to_id = serializers.IntegerField(
        allow_null=True, help_text="The catalog row already linked to this record, if any."
    )
    linked_to_name = serializers.CharField(allow_blank=True)


class QuickBooksRecordSearchSerializer(serializers.Serializer):
    search = SearchFilterField(help_text="Part of the name in QuickBooks.")


class QuickBooksLinkInputSerializer(serializers.Serializer):
    qbo_id = serializers.CharField(
        max_length=50, allow_blank=True, help_text="The QuickBooks id to link to; blank unlinks."
    )


class QuickBooksLinkSerializer(serializers.Serializer):
    object_id = serializers.IntegerField(help_text="The vendor or material.")
    qbo_id = serializers.CharField(
        allow_blank=True, help_text="The QuickBooks record it is linked to; blank: none."
    )
