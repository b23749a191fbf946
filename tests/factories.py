from decimal import Decimal

import factory

from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.catalog.models import Customer, Material, Vendor

PASSWORD = "correct-horse-battery"


class CompanyFactory(factory.django.DjangoModelFactory[Company]):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    company = factory.SubFactory(CompanyFactory)
    role = User.Role.MEMBER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class VendorFactory(factory.django.DjangoModelFactory[Vendor]):
    class Meta:
        model = Vendor

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Vendor {n}")


class CustomerFactory(factory.django.DjangoModelFactory[Customer]):
    class Meta:
        model = Customer

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Customer {n}")


class MaterialFactory(factory.django.DjangoModelFactory[Material]):
    class Meta:
        model = Material

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Material {n}")
    unit = "each"
    unit_cost = Decimal("10.00")


def purchase_order_sections(*, allow_free_text: bool = True) -> list[dict]:
    """The sections of a PO template: vendor, materials table, memo and due date."""
    return [
        {
            "id": "order",
            "title": "Purchase order",
            "fields": [
                {"id": "vendor", "type": "choose", "label": "Vendor", "required": True,
                 "source": "vendors", "multiple": False},
                {"id": "materials", "type": "materials_table", "label": "Materials",
                 "required": True, "allow_free_text": allow_free_text},
                {"id": "memo", "type": "long_text", "label": "Memo"},
                {"id": "due_date", "type": "date", "label": "Due Date"},
            ],
        }
    ]  # fmt: skip


def form_template(*, admin, key: str = "po", name: str = "Purchase Order", sections=None):
    """A template of the admin's company made through the service, as the API would."""
    from workflows.forms.services import form_template_create
    from workflows.models import FormType

    return form_template_create(
        actor=admin,
        name=name,
        form_type=FormType.objects.get(company=admin.company, key=key),
        sections=sections or purchase_order_sections(),
    )


def published_workflow(*, template, steps, transitions, number: int = 1):
    """A published version of the template's workflow made of `steps` ({key: (type, config)})
    and `transitions` ([(source key, outcome, target key)]), saved as the editor publishes: each
    config as its step type's serializer validates it (invalid settings raise)."""
    from django.utils import timezone

    from workflows.definitions.validation import settings_context
    from workflows.models import Step, Transition, Workflow, WorkflowVersion
    from workflows.steps.registry import step_type_get

    context = settings_context(company=template.company, template=template)

    def stored(step_type: str, config: dict) -> dict:
        serializer = step_type_get(step_type).ConfigSerializer(data=config, context=context)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.data)

    workflow, _ = Workflow.objects.get_or_create(company=template.company, form_template=template)
    version = WorkflowVersion.objects.create(
        workflow=workflow,
        number=number,
        state=WorkflowVersion.State.PUBLISHED,
        published_at=timezone.now(),
    )
    made = {
        key: Step.objects.create(
            version=version, key=key, type=step_type, config=stored(step_type, config)
        )
        for key, (step_type, config) in steps.items()
    }
    for source, outcome, target in transitions:
        Transition.objects.create(
            version=version, source=made[source], outcome=outcome, target=made[target]
        )
    return version
