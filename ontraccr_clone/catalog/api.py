"""Vendors, materials and customers (with their projects): members read, admins create, edit,
deactivate and reactivate."""

from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ontraccr_clone.api import (
    CompanyApiView,
    IsCompanyAdmin,
    IsCompanyAdminOrReadOnly,
    Pagination,
    ValidationResultSerializer,
    changed_id,
    query_filters,
    validation_response,
)
from ontraccr_clone.catalog import selectors, services
from ontraccr_clone.catalog.models import CatalogEntry, Customer, Material, Vendor
from ontraccr_clone.catalog.serializers import (
    CatalogFilterSerializer,
    CustomerFilterSerializer,
    CustomerInputSerializer,
    CustomerSerializer,
    CustomerValidateSerializer,
    MaterialInputSerializer,
    MaterialSerializer,
    MaterialValidateSerializer,
    VendorInputSerializer,
    VendorSerializer,
    VendorValidateSerializer,
)


class CatalogApi(CompanyApiView):
    """What the vendor and material endpoints share; subclasses name the model and serializers."""

    model: ClassVar[type[CatalogEntry]]
    output_serializer: ClassVar[type[serializers.ModelSerializer[Any]]]
    input_serializer: ClassVar[type[serializers.ModelSerializer[Any]]]
    permission_classes = [IsCompanyAdminOrReadOnly]

    def get_entry(self, pk: int) -> CatalogEntry:
        return selectors.catalog_entry_get(model=self.model, company=self.company, pk=pk)


class CatalogListApi(CatalogApi):
    pagination_class = Pagination
    filter_serializer: ClassVar[type[serializers.Serializer]] = CatalogFilterSerializer

    def entries(self, filters: dict[str, Any]) -> QuerySet[CatalogEntry]:
        return selectors.catalog_entry_list(model=self.model, company=self.company, **filters)

    def get(self, request: Request) -> Response:
        entries = self.entries(query_filters(request, self.filter_serializer))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(self.output_serializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.catalog_entry_create(
            model=self.model, actor=self.actor, fields=serializer.validated_data
        )
        return Response(self.output_serializer(entry).data, status=status.HTTP_201_CREATED)


class CatalogDetailApi(CatalogApi):
    def get(self, request: Request, pk: int) -> Response:
        return Response(self.output_serializer(self.get_entry(pk)).data)

    def patch(self, request: Request, pk: int) -> Response:
        entry = self.get_entry(pk)
        serializer = self.input_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        entry = services.catalog_entry_update(
            actor=self.actor, entry=entry, fields=serializer.validated_data
        )
        return Response(self.output_serializer(entry).data)


class CatalogValidateApi(CatalogApi):
    """The problems that creating an entry, or saving the one whose `id` is given, would have."""

    permission_classes = [IsCompanyAdmin]

    def post(self, request: Request) -> Response:
        def check() -> None:
            pk = changed_id(request)
            entry = self.get_entry(pk) if pk is not None else None
            serializer = self.input_serializer(data=request.data, partial=entry is not None)
            serializer.is_valid(raise_exception=True)
            services.catalog_entry_check(
                model=self.model, actor=self.actor, fields=serializer.validated_data, entry=entry
            )

        return validation_response(check)


class CatalogActivationApi(CatalogApi):
    permission_classes = [IsCompanyAdmin]
    active: ClassVar[bool]

    def post(self, request: Request, pk: int) -> Response:
        entry = services.catalog_entry_set_active(
            actor=self.actor, entry=self.get_entry(pk), active=self.active
        )
        return Response(self.output_serializer(entry).data)


class VendorApi:
    model: ClassVar[type[CatalogEntry]] = Vendor
    output_serializer: ClassVar[type[serializers.ModelSerializer[Any]]] = VendorSerializer
    input_serializer: ClassVar[type[serializers.ModelSerializer[Any]]] = VendorInputSerializer


class MaterialApi:
    model: ClassVar[type[CatalogEntry]] = Material
    output_serializer: ClassVar[type[serializers.ModelSerializer[Any]]] = MaterialSerializer
    input_serializer: ClassVar[type[serializers.ModelSerializer[Any]]] = MaterialInputSerializer


@extend_schema_view(
    get=extend_schema(parameters=[CatalogFilterSerializer], responses=VendorSerializer(many=True)),
    post=extend_schema(request=VendorInputSerializer, responses={201: VendorSerializer}),
)
class VendorListApi(VendorApi, CatalogListApi):
    pass


@extend_schema(request=VendorInputSerializer, responses=VendorSerializer)
class VendorDetailApi(VendorApi, CatalogDetailApi):
    pass


@extend_schema(request=VendorValidateSerializer, responses=ValidationResultSerializer)
class VendorValidateApi(VendorApi, CatalogValidateApi):
    pass


@extend_schema(request=None, responses=VendorSerializer)
class VendorDeactivateApi(VendorApi, CatalogActivationApi):
    active = False


@extend_schema(request=None, responses=VendorSerializer)
class VendorReactivateApi(VendorApi, CatalogActivationApi):
    active = True


@extend_schema_view(
    get=extend_schema(
        parameters=[CatalogFilterSerializer], responses=MaterialSerializer(many=True)
    ),
    post=extend_schema(request=MaterialInputSerializer, responses={201: MaterialSerializer}),
)
class MaterialListApi(MaterialApi, CatalogListApi):
    pass


@extend_schema(request=MaterialInputSerializer, responses=MaterialSerializer)
class MaterialDetailApi(MaterialApi, CatalogDetailApi):
    pass


@extend_schema(request=MaterialValidateSerializer, responses=ValidationResultSerializer)
class MaterialValidateApi(MaterialApi, CatalogValidateApi):
    pass


@extend_schema(request=None, responses=MaterialSerializer)
class MaterialDeactivateApi(MaterialApi, CatalogActivationApi):
    active = False


@extend_schema(request=None, responses=MaterialSerializer)
class MaterialReactivateApi(MaterialApi, CatalogActivationApi):
    active = True


class CustomerApi:
    model: ClassVar[type[CatalogEntry]] = Customer
    output_serializer: ClassVar[type[serializers.ModelSerializer[Any]]] = CustomerSerializer
    input_serializer: ClassVar[type[serializers.ModelSerializer[Any]]] = CustomerInputSerializer


@extend_schema_view(
    get=extend_schema(
        parameters=[CustomerFilterSerializer], responses=CustomerSerializer(many=True)
    ),
    post=extend_schema(request=CustomerInputSerializer, responses={201: CustomerSerializer}),
)
class CustomerListApi(CustomerApi, CatalogListApi):
    filter_serializer = CustomerFilterSerializer

    def entries(self, filters: dict[str, Any]) -> QuerySet[CatalogEntry]:
        return selectors.customer_list(company=self.company, **filters)


@extend_schema(request=CustomerInputSerializer, responses=CustomerSerializer)
class CustomerDetailApi(CustomerApi, CatalogDetailApi):
    pass


@extend_schema(request=CustomerValidateSerializer, responses=ValidationResultSerializer)
class CustomerValidateApi(CustomerApi, CatalogValidateApi):
    pass


@extend_schema(request=None, responses=CustomerSerializer)
class CustomerDeactivateApi(CustomerApi, CatalogActivationApi):
    active = False


@extend_schema(request=None, responses=CustomerSerializer)
class CustomerReactivateApi(CustomerApi, CatalogActivationApi):
    active = True
