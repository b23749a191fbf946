"""Vendors and materials: members read, admins create, edit, deactivate and reactivate."""

from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ontraccr_clone.api import IsCompanyAdmin, IsCompanyAdminOrReadOnly, Pagination
from ontraccr_clone.catalog import selectors, services
from ontraccr_clone.catalog.models import CatalogEntry, Material, Vendor
from ontraccr_clone.catalog.serializers import (
    MaterialInputSerializer,
    MaterialSerializer,
    VendorInputSerializer,
    VendorSerializer,
)

ACTIVE_FILTER = {"true": True, "false": False, "all": None}


class CatalogApi(APIView):
    model: ClassVar[type[CatalogEntry]]
    output_serializer: ClassVar[type[serializers.ModelSerializer[Any]]]
    input_serializer: ClassVar[type[serializers.ModelSerializer[Any]]]

    def get_entry(self, request: Request, pk: int) -> CatalogEntry:
        return selectors.catalog_entry_get(model=self.model, company=request.user.company, pk=pk)


class CatalogListApi(CatalogApi):
    permission_classes = [IsCompanyAdminOrReadOnly]

    def get(self, request: Request) -> Response:
        active = request.query_params.get("active", "true")
        if active not in ACTIVE_FILTER:
            raise serializers.ValidationError({"active": ["Use true, false or all."]})
        entries = selectors.catalog_entry_list(
            model=self.model,
            company=request.user.company,
            search=request.query_params.get("search", "").strip(),
            active=ACTIVE_FILTER[active],
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(self.output_serializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.catalog_entry_create(
            model=self.model, actor=request.user, fields=serializer.validated_data
        )
        return Response(self.output_serializer(entry).data, status=status.HTTP_201_CREATED)


class CatalogDetailApi(CatalogApi):
    permission_classes = [IsCompanyAdminOrReadOnly]

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.output_serializer(self.get_entry(request, pk)).data)

    def patch(self, request: Request, pk: int) -> Response:
        entry = self.get_entry(request, pk)
        serializer = self.input_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        entry = services.catalog_entry_update(
            actor=request.user, entry=entry, fields=serializer.validated_data
        )
        return Response(self.output_serializer(entry).data)


class CatalogActivationApi(CatalogApi):
    permission_classes = [IsCompanyAdmin]
    active: ClassVar[bool]

    def post(self, request: Request, pk: int) -> Response:
        entry = services.catalog_entry_set_active(
            actor=request.user, entry=self.get_entry(request, pk), active=self.active
        )
        return Response(self.output_serializer(entry).data)


LIST_PARAMETERS = [
    OpenApiParameter("search", str, description="Part of the name."),
    OpenApiParameter("active", str, enum=list(ACTIVE_FILTER), description="Default: true."),
]


def _catalog_views(
    model: type[CatalogEntry],
    output_serializer: type[serializers.ModelSerializer[Any]],
    input_serializer: type[serializers.ModelSerializer[Any]],
) -> dict[str, Any]:
    """The list, detail, deactivate and reactivate views of one kind of catalog entry."""
    config = {
        "model": model,
        "output_serializer": output_serializer,
        "input_serializer": input_serializer,
    }
    tag = [model._meta.verbose_name_plural.title()]
    one = {"responses": output_serializer, "tags": tag}
    list_view = extend_schema(tags=tag)(type(f"{model.__name__}ListApi", (CatalogListApi,), config))
    list_view = extend_schema(methods=["GET"], parameters=LIST_PARAMETERS, responses=output_serializer(many=True))(list_view)
    list_view = extend_schema(methods=["POST"], request=input_serializer, **one)(list_view)
    detail_view = extend_schema(request=input_serializer, **one)(
        type(f"{model.__name__}DetailApi", (CatalogDetailApi,), config)
    )
    return {
        "list": list_view.as_view(),
        "detail": detail_view.as_view(),
        "deactivate": extend_schema(request=None, **one)(
            type(f"{model.__name__}DeactivateApi", (CatalogActivationApi,), {**config, "active": False})
        ).as_view(),
        "reactivate": extend_schema(request=None, **one)(
            type(f"{model.__name__}ReactivateApi", (CatalogActivationApi,), {**config, "active": True})
        ).as_view(),
    }


vendor_views = _catalog_views(Vendor, VendorSerializer, VendorInputSerializer)
material_views = _catalog_views(Material, MaterialSerializer, MaterialInputSerializer)
