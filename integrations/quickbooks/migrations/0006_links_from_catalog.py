"""The QuickBooks ids kept on vendors and materials become QuickBooks links, before the catalog
drops its columns. A QuickBooks record linked to two rows stays with the first of them."""

from django.db import migrations


def links_from_catalog(apps, schema_editor):
    Vendor = apps.get_model("catalog", "Vendor")
    Material = apps.get_model("catalog", "Material")
    QuickBooksLink = apps.get_model("quickbooks", "QuickBooksLink")
    for kind, model, field in (("vendor", Vendor, "qbo_id"), ("item", Material, "qbo_item_id")):
        taken = set()
        links = []
        rows = model.objects.exclude(**{field: ""}).order_by("pk")
        for pk, company_id, qbo_id in rows.values_list("pk", "company_id", field):
            if (company_id, qbo_id) in taken:
                continue
            taken.add((company_id, qbo_id))
            links.append(
                QuickBooksLink(company_id=company_id, kind=kind, object_id=pk, qbo_id=qbo_id)
            )
        QuickBooksLink.objects.bulk_create(links, batch_size=1000)


def links_to_catalog(apps, schema_editor):
    Vendor = apps.get_model("catalog", "Vendor")
    Material = apps.get_model("catalog", "Material")
    QuickBooksLink = apps.get_model("quickbooks", "QuickBooksLink")
    for kind, model, field in (("vendor", Vendor, "qbo_id"), ("item", Material, "qbo_item_id")):
        for object_id, qbo_id in QuickBooksLink.objects.filter(kind=kind).values_list(
            "object_id", "qbo_id"
        ):
            model.objects.filter(pk=object_id).update(**{field: qbo_id})


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("quickbooks", "0005_quickbooks_link"),
    ]
    run_before = [("catalog", "0002_external_ids_moved_out")]

    operations = [migrations.RunPython(links_from_catalog, links_to_catalog)]
