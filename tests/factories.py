from decimal import Decimal

import factory

from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.catalog.models import Material, Vendor

PASSWORD = "correct-horse-battery"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    company = factory.SubFactory(CompanyFactory)
    role = User.Role.MEMBER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Vendor {n}")


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Material {n}")
    unit = "each"
    unit_cost = Decimal("10.00")
