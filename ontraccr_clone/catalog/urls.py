from django.urls import path

from ontraccr_clone.catalog import api

urlpatterns = [
    path("vendors/", api.VendorListApi.as_view(), name="vendor-list"),
    path("vendors/validate/", api.VendorValidateApi.as_view(), name="vendor-validate"),
    path("vendors/<int:pk>/", api.VendorDetailApi.as_view(), name="vendor-detail"),
    path(
        "vendors/<int:pk>/deactivate/", api.VendorDeactivateApi.as_view(), name="vendor-deactivate"
    ),
    path(
        "vendors/<int:pk>/reactivate/", api.VendorReactivateApi.as_view(), name="vendor-reactivate"
    ),
    path("materials/", api.MaterialListApi.as_view(), name="material-list"),
    path("materials/validate/", api.MaterialValidateApi.as_view(), name="material-validate"),
    path("materials/<int:pk>/", api.MaterialDetailApi.as_view(), name="material-detail"),
    path(
        "materials/<int:pk>/deactivate/",
        api.MaterialDeactivateApi.as_view(),
        name="material-deactivate",
    ),
    path(
        "materials/<int:pk>/reactivate/",
        api.MaterialReactivateApi.as_view(),
        name="material-reactivate",
    ),
    path("customers/", api.CustomerListApi.as_view(), name="customer-list"),
    path("customers/validate/", api.CustomerValidateApi.as_view(), name="customer-validate"),
    path("customers/<int:pk>/", api.CustomerDetailApi.as_view(), name="customer-detail"),
    path(
        "customers/<int:pk>/deactivate/",
        api.CustomerDeactivateApi.as_view(),
        name="customer-deactivate",
    ),
    path(
        "customers/<int:pk>/reactivate/",
        api.CustomerReactivateApi.as_view(),
        name="customer-reactivate",
    ),
]
