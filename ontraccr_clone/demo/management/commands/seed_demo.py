from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.services import company_create, user_create
from ontraccr_clone.catalog.models import Material, Vendor
from ontraccr_clone.catalog.services import catalog_entry_create
from workflows.definitions.services import (
    workflow_draft_save,
    workflow_get_or_create,
    workflow_publish,
)
from workflows.definitions.validation import GraphStep, GraphTransition
from workflows.forms.models import FormTemplate
from workflows.forms.services import form_template_create, submission_create
from workflows.models import FormType

DEMO_COMPANY = "Demo Construction Co."
DEMO_PASSWORD = "demo-password"
ADMIN_EMAIL = "admin@demo.example"
MEMBER_EMAIL = "member@demo.example"

VENDORS = [
    {"name": "Acme Lumber Supply", "email": "orders@acmelumber.example", "phone": "555-0101"},
    {"name": "Brightline Electric", "email": "sales@brightline.example", "phone": "555-0102"},
    {"name": "Concrete Masters", "email": "dispatch@concretemasters.example", "phone": "555-0103"},
    {"name": "Pacific Plumbing Wholesale", "email": "ap@pacificplumbing.example"},
]
MATERIALS = [
    {
        "name": "2x4 Stud 8ft",
        "unit": "each",
        "unit_cost": Decimal("4.25"),
        "description": "Kiln-dried SPF stud",
    },
    {
        "name": "Drywall Sheet 4x8",
        "unit": "sheet",
        "unit_cost": Decimal("12.98"),
        "description": "1/2 in. gypsum board",
    },
    {"name": "Concrete Mix 80lb", "unit": "bag", "unit_cost": Decimal("6.45")},
    {
        "name": "Romex 12/2 250ft",
        "unit": "roll",
        "unit_cost": Decimal("129.00"),
        "description": "NM-B copper wire",
    },
    {"name": "PVC Pipe 2in 10ft", "unit": "each", "unit_cost": Decimal("11.37")},
]

PURCHASE_ORDER_SECTIONS = [
    {
        "id": "order",
        "title": "Purchase order",
        "fields": [
            {"id": "vendor", "type": "choose", "label": "Vendor", "required": True,
             "source": "vendors", "multiple": False, "help_text": "Who supplies the materials."},
            {"id": "materials", "type": "materials_table", "label": "Materials", "required": True,
             "allow_free_text": True},
            {"id": "memo", "type": "long_text", "label": "Memo"},
            {"id": "due_date", "type": "date", "label": "Due Date"},
        ],
    }
]  # fmt: skip


# Submit -> Approval (the admins) -> Update status "Approved"; rejected -> Update status "Rejected".
PURCHASE_ORDER_WORKFLOW = (
    [
        GraphStep(key="submit", type="submit", x=0, y=0),
        GraphStep(
            key="approval", type="approval", config={"approvers": "role", "role": "admin"}, y=140
        ),
        GraphStep(
            key="approved", type="update_status", config={"status": "Approved"}, x=-160, y=280
        ),
        GraphStep(
            key="rejected", type="update_status", config={"status": "Rejected"}, x=160, y=280
        ),
    ],
    [
        GraphTransition(source="submit", outcome="next", target="approval"),
        GraphTransition(source="approval", outcome="approved", target="approved"),
        GraphTransition(source="approval", outcome="rejected", target="rejected"),
    ],
)


class Command(BaseCommand):
    help = (
        "Create the demo company: an admin, a member, vendors, materials, a PO form with a "
        "published approval workflow, and a few POs waiting for approval (once)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(email=ADMIN_EMAIL).exists():
            self.stdout.write("Demo data already present; leaving it as it is.")
        else:
            self.seed()
            self.stdout.write(self.style.SUCCESS(f"Created the demo company {DEMO_COMPANY!r}."))
        self.stdout.write(f"  Demo admin:  {ADMIN_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"  Demo member: {MEMBER_EMAIL} / {DEMO_PASSWORD}")

    @transaction.atomic
    def seed(self) -> None:
        company = company_create(name=DEMO_COMPANY)
        admin = user_create(
            company=company, email=ADMIN_EMAIL, password=DEMO_PASSWORD, name="Avery Admin",
            role=User.Role.ADMIN,
        )  # fmt: skip
        member = user_create(
            company=company, email=MEMBER_EMAIL, password=DEMO_PASSWORD, name="Morgan Member"
        )
        vendors = [
            catalog_entry_create(model=Vendor, actor=admin, fields=vendor) for vendor in VENDORS
        ]
        materials = [
            catalog_entry_create(model=Material, actor=admin, fields=material)
            for material in MATERIALS
        ]
        purchase_order = form_template_create(
            actor=admin,
            name="Purchase Order",
            form_type=FormType.objects.get(company=company, key=FormType.PO),
            sections=PURCHASE_ORDER_SECTIONS,
        )
        self.publish_purchase_order_workflow(admin=admin, template=purchase_order)
        orders = [
            (
                vendors[0],
                [(materials[0], 120), (materials[1], 40)],
                "Framing for unit 4B",
                "2026-12-04",
            ),
            (vendors[2], [(materials[2], 60)], "Footings, east lot", ""),
            (vendors[1], [(materials[3], 3)], "", "2026-12-11"),
        ]
        for vendor, lines, memo, due_date in orders:
            rows: list[dict[str, object]] = [
                {"material_id": material.pk, "quantity": quantity} for material, quantity in lines
            ]
            if vendor == vendors[2]:
                rows.append(
                    {
                        "name": "Rebar chairs 3in",
                        "quantity": 200,
                        "unit": "each",
                        "unit_cost": "0.35",
                    }
                )
            submission_create(
                actor=member,
                template=purchase_order,
                data={"vendor": vendor.pk, "materials": rows, "memo": memo, "due_date": due_date},
            )

    def publish_purchase_order_workflow(self, *, admin: User, template: FormTemplate) -> None:
        workflow, _ = workflow_get_or_create(actor=admin, template=template)
        steps, transitions = PURCHASE_ORDER_WORKFLOW
        draft, _ = workflow_draft_save(
            actor=admin, workflow=workflow, revision=1, steps=steps, transitions=transitions
        )
        workflow_publish(actor=admin, workflow=workflow, revision=draft.revision)
