from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ontraccr_clone.catalog"
    label = "catalog"
