from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from ontraccr_clone.accounts.models import Company


class CatalogEntry(models.Model):
    """What vendors and materials share: a company, a name unique within it, and an active flag."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Vendor(CatalogEntry):
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    address = models.TextField(max_length=1000, blank=True)

    class Meta(CatalogEntry.Meta):
        constraints = [
            models.UniqueConstraint(
                "company", Lower("name"), name="vendor_name_unique_per_company"
            ),
        ]


class Material(CatalogEntry):
    description = models.TextField(max_length=4000, blank=True)
    unit = models.CharField(max_length=30, blank=True, help_text="each, ft, box...")
    unit_cost = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta(CatalogEntry.Meta):
        constraints = [
            models.UniqueConstraint(
                "company", Lower("name"), name="material_name_unique_per_company"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0), name="material_unit_cost_not_negative"
            ),
        ]


class Customer(CatalogEntry):
    """Who the work is for. A customer with a parent is one of its projects (jobs), which POs
    are costed to."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text="The customer this project is for; none for a customer.",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)

    class Meta(CatalogEntry.Meta):
        constraints = [
            models.UniqueConstraint(
                "company", Lower("name"), name="customer_name_unique_per_company"
            ),
        ]

    @property
    def full_name(self) -> str:
        """The name with its customer's before it, as bookkeepers write a job: "Customer:Job"."""
        return f"{self.parent.full_name}:{self.name}" if self.parent else self.name
