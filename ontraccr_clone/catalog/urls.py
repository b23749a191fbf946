from django.urls import path

from ontraccr_clone.catalog.api import material_views, vendor_views

urlpatterns = [
    path(f"{prefix}/{suffix}", views[name], name=f"{prefix[:-1]}-{name}")
    for prefix, views in (("vendors", vendor_views), ("materials", material_views))
    for suffix, name in (
        ("", "list"),
        ("<int:pk>/", "detail"),
        ("<int:pk>/deactivate/", "deactivate"),
        ("<int:pk>/reactivate/", "reactivate"),
    )
]
