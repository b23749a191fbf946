"""Settings > Integrations > QuickBooks Online: status, connect, the company's settings, accounts,
import, disconnect."""

from collections.abc import Callable

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from integrations.quickbooks import links, selectors, services
from integrations.quickbooks.errors import (
    QuickBooksError,
    QuickBooksNotConnected,
    QuickBooksRejected,
)
from integrations.quickbooks.import_proposals import (
    quickbooks_import_proposal_decide,
    quickbooks_import_proposal_get,
)
from integrations.quickbooks.imports import (
    quickbooks_import_get,
    quickbooks_import_list,
    quickbooks_imports_stale_fail,
)
from integrations.quickbooks.models import QuickBooksLink
from integrations.quickbooks.previews import purchase_order_preview
from integrations.quickbooks.serializers import (
    PurchaseOrderPreviewInputSerializer,
    PurchaseOrderPreviewSerializer,
    QuickBooksAccountSerializer,
    QuickBooksAccountsInputSerializer,
    QuickBooksConnectionSerializer,
    QuickBooksImportDecisionSerializer,
    QuickBooksImportInputSerializer,
    QuickBooksImportProposalSerializer,
    QuickBooksImportSerializer,
    QuickBooksLinkInputSerializer,
    QuickBooksLinkSerializer,
    QuickBooksRecordSearchSerializer,
    QuickBooksRecordSerializer,
)
from integrations.quickbooks.steps import SyncQuickBooksConfig
from ontraccr_clone.api import CompanyApiView, IsCompanyAdmin, query_filters
from ontraccr_clone.catalog.models import Customer, Material, Vendor
from ontraccr_clone.catalog.selectors import catalog_entry_get
from workflows.definitions.selectors import workflow_get


class QuickBooksUnreachable(exceptions.APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_code = "quickbooks_unavailable"


def api_error(error: QuickBooksError) -> exceptions.APIException:
    """The answer for a QuickBooks problem met while serving a request."""
    if isinstance(error, QuickBooksNotConnected):
        return exceptions.ValidationError({"non_field_errors": [error.message]})
    if isinstance(error, QuickBooksRejected):
        return exceptions.ValidationError({"non_field_errors": [error.message]})
    return QuickBooksUnreachable(error.message)


def _origin(request: Request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class AdminApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]


ConnectionStatus = inline_serializer(
    "QuickBooksStatus",
    {
        "connection": QuickBooksConnectionSerializer(allow_null=True),
        "environment": serializers.CharField(),
    },
)


class ConnectionApi(AdminApi):
    @extend_schema(responses=ConnectionStatus)
    def get(self, request: Request) -> Response:
        connection = selectors.quickbooks_connection_find(company=self.company)
        described = QuickBooksConnectionSerializer(connection).data if connection else None
        return Response(
            {
                "connection": described,
                "environment": settings.QBO_ENVIRONMENT,
            }
        )


class ConnectApi(AdminApi):
    @extend_schema(
        request=None,
        responses=inline_serializer(
            "QuickBooksConnect", {"authorization_url": serializers.URLField()}
        ),
    )
    def post(self, request: Request) -> Response:
        url = services.quickbooks_connect_start(
            actor=self.actor, session=request.session, origin=_origin(request)
        )
        return Response({"authorization_url": url})


class DisconnectApi(AdminApi):
    @extend_schema(request=None, responses=QuickBooksConnectionSerializer)
    def post(self, request: Request) -> Response:
        connection = services.quickbooks_disconnect(actor=self.actor)
        return Response(QuickBooksConnectionSerializer(connection).data)


class PreferencesRefreshApi(AdminApi):
    @extend_schema(request=None, responses=QuickBooksConnectionSerializer)
    def post(self, request: Request) -> Response:
        try:
            connection = services.quickbooks_preferences_refresh(actor=self.actor)
        except QuickBooksError as error:
            raise api_error(error) from error
        return Response(QuickBooksConnectionSerializer(connection).data)


class AccountsApi(AdminApi):
    @extend_schema(responses=QuickBooksAccountSerializer(many=True))
    def get(self, request: Request) -> Response:
        try:
            connection = selectors.quickbooks_connection_active(company=self.company)
            accounts = selectors.quickbooks_account_list(connection=connection)
        except QuickBooksError as error:
            raise api_error(error) from error
        return Response(QuickBooksAccountSerializer(accounts, many=True).data)

    @extend_schema(
        request=QuickBooksAccountsInputSerializer, responses=QuickBooksConnectionSerializer
    )
    def put(self, request: Request) -> Response:
        serializer = QuickBooksAccountsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            connection = services.quickbooks_accounts_set(
                actor=self.actor, **serializer.validated_data
            )
        except QuickBooksError as error:
            raise api_error(error) from error
        return Response(QuickBooksConnectionSerializer(connection).data)


class ImportListApi(AdminApi):
    @extend_schema(responses=QuickBooksImportSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The latest imports, newest first; one whose worker stopped shows as failed."""
        quickbooks_imports_stale_fail(company=self.company)
        found = quickbooks_import_list(company=self.company)
        return Response(QuickBooksImportSerializer(found, many=True).data)

    @extend_schema(
        request=QuickBooksImportInputSerializer, responses={201: QuickBooksImportSerializer}
    )
    def post(self, request: Request) -> Response:
        serializer = QuickBooksImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            started = services.quickbooks_import_start(
                actor=self.actor, **serializer.validated_data
            )
        except QuickBooksError as error:
            raise api_error(error) from error
        return Response(QuickBooksImportSerializer(started).data, status=status.HTTP_201_CREATED)


class ImportDetailApi(AdminApi):
    @extend_schema(responses=QuickBooksImportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        quickbooks_imports_stale_fail(company=self.company)
        found = quickbooks_import_get(company=self.company, pk=pk)
        return Response(QuickBooksImportSerializer(found).data)


class ImportProposalApi(AdminApi):
    """Decide a link an import proposed: accept, link elsewhere, create or skip."""

    @extend_schema(
        request=QuickBooksImportDecisionSerializer, responses=QuickBooksImportProposalSerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = quickbooks_import_proposal_get(company=self.company, pk=pk)
        serializer = QuickBooksImportDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decided = quickbooks_import_proposal_decide(
            actor=self.actor, proposal=proposal, **serializer.validated_data
        )
        return Response(QuickBooksImportProposalSerializer(decided).data)


class PreviewApi(AdminApi):
    @extend_schema(
        request=PurchaseOrderPreviewInputSerializer, responses=PurchaseOrderPreviewSerializer
    )
    def post(self, request: Request) -> Response:
        serializer = PurchaseOrderPreviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow = workflow_get(company=self.company, pk=serializer.validated_data["workflow"])
        template = workflow.form_template
        fields = template.latest_version.fields
        config = SyncQuickBooksConfig(
            data=serializer.validated_data["config"],
            context={"company": self.company, "template": template, "fields": fields},
        )
        if not config.is_valid():
            raise exceptions.ValidationError({"config": config.errors})
        preview = purchase_order_preview(
            actor=self.actor, template=template, config=config.validated_data
        )
        return Response(PurchaseOrderPreviewSerializer(preview).data)


class RecordSearchApi(AdminApi):
    """QuickBooks records of one kind, by name; each subclass names its search."""

    search: Callable[..., list[links.QuickBooksRecord]]

    @extend_schema(
        parameters=[QuickBooksRecordSearchSerializer],
        responses=QuickBooksRecordSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = query_filters(request, QuickBooksRecordSearchSerializer)
        try:
            found = type(self).search(company=self.company, **filters)
        except QuickBooksError as error:
            raise api_error(error) from error
        return Response(QuickBooksRecordSerializer(found, many=True).data)


class VendorSearchApi(RecordSearchApi):
    """The company's vendors in QuickBooks, by name: to pick one to link a vendor to."""

    search = staticmethod(links.quickbooks_vendor_search)


class ItemSearchApi(RecordSearchApi):
    """The company's items in QuickBooks, by name: to pick one to link a material to."""

    search = staticmethod(links.quickbooks_item_search)


class CustomerSearchApi(RecordSearchApi):
    """The company's customers and jobs in QuickBooks, by name: to pick one to link a customer
    or project to."""

    search = staticmethod(links.quickbooks_customer_search)


class LinkListApi(CompanyApiView):
    """Which rows of a catalog are linked to QuickBooks records: the catalog pages' QuickBooks
    column. Members see it too; only admins change it."""

    kind: str

    @extend_schema(responses=QuickBooksLinkSerializer(many=True))
    def get(self, request: Request) -> Response:
        found = links.quickbooks_link_list(company=self.company, kind=self.kind)
        return Response(QuickBooksLinkSerializer(found, many=True).data)


class VendorLinkListApi(LinkListApi):
    kind = QuickBooksLink.Kind.VENDOR


class MaterialLinkListApi(LinkListApi):
    kind = QuickBooksLink.Kind.ITEM


class CustomerLinkListApi(LinkListApi):
    kind = QuickBooksLink.Kind.CUSTOMER


def _link_answer(object_id: int, link: QuickBooksLink | None) -> Response:
    return Response(
        QuickBooksLinkSerializer(
            {"object_id": object_id, "qbo_id": link.qbo_id if link else ""}
        ).data
    )


class VendorLinkApi(AdminApi):
    """Link a vendor to a QuickBooks vendor by hand; a blank id unlinks it."""

    @extend_schema(request=QuickBooksLinkInputSerializer, responses=QuickBooksLinkSerializer)
    def put(self, request: Request, pk: int) -> Response:
        vendor = catalog_entry_get(model=Vendor, company=self.company, pk=pk)
        serializer = QuickBooksLinkInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            link = links.vendor_link_set(
                actor=self.actor, vendor=vendor, **serializer.validated_data
            )
        except QuickBooksError as error:
            raise api_error(error) from error
        return _link_answer(vendor.pk, link)


class MaterialLinkApi(AdminApi):
    """Link a material to a QuickBooks item by hand; a blank id unlinks it."""

    @extend_schema(request=QuickBooksLinkInputSerializer, responses=QuickBooksLinkSerializer)
    def put(self, request: Request, pk: int) -> Response:
        material = catalog_entry_get(model=Material, company=self.company, pk=pk)
        serializer = QuickBooksLinkInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            link = links.material_link_set(
                actor=self.actor, material=material, **serializer.validated_data
            )
        except QuickBooksError as error:
            raise api_error(error) from error
        return _link_answer(material.pk, link)


class CustomerLinkApi(AdminApi):
    """Link a customer or project to a QuickBooks customer or job by hand; a blank id unlinks
    it."""

    @extend_schema(request=QuickBooksLinkInputSerializer, responses=QuickBooksLinkSerializer)
    def put(self, request: Request, pk: int) -> Response:
        customer = catalog_entry_get(model=Customer, company=self.company, pk=pk)
        serializer = QuickBooksLinkInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            link = links.customer_link_set(
                actor=self.actor, customer=customer, **serializer.validated_data
            )
        except QuickBooksError as error:
            raise api_error(error) from error
        return _link_answer(customer.pk, link)
