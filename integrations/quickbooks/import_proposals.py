"""The admin's decision on a link an import proposed (a QuickBooks record whose name nearly
matches a catalog row): accept it, link the record to another row, add it as a new row, or skip
it. Linking goes through the same save as linking by hand, so a record is never linked twice."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone

from integrations.quickbooks.imports import import_kind_get
from integrations.quickbooks.links import LinkedRow, quickbooks_link_save
from integrations.quickbooks.models import (
    QuickBooksImport,
    QuickBooksImportProposal,
    QuickBooksLink,
)
from ontraccr_clone.accounts.live import live_notice_send
from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.accounts.services import require_admin, require_same_company

Decision = QuickBooksImportProposal.Decision
DECISIONS = ("accept", "link", "create", "skip")


def quickbooks_import_proposal_get(*, company: Company, pk: int) -> QuickBooksImportProposal:
    return get_object_or_404(QuickBooksImportProposal, company=company, pk=pk)


@transaction.atomic
def quickbooks_import_proposal_decide(
    *,
    actor: User,
    proposal: QuickBooksImportProposal,
    decision: str,
    object_id: int | None = None,
) -> QuickBooksImportProposal:
    """Carry out the admin's decision on one proposal (once)."""
    require_admin(actor, to="link QuickBooks records")
    require_same_company(actor, proposal)
    # Link changes of one company take turns (as linking by hand does).
    Company.objects.select_for_update().get(pk=proposal.company_id)
    proposal = QuickBooksImportProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.decision != Decision.PENDING:
        done = proposal.get_decision_display().lower()
        raise ValidationError({"decision": f"“{proposal.qbo_name}” was already decided: {done}."})
    if decision == "skip":
        proposal.decision = Decision.SKIPPED
    else:
        row = _row_for(proposal, decision, object_id)
        try:
            quickbooks_link_save(
                actor=actor,
                row=row,
                kind=proposal.kind,
                qbo_id=proposal.qbo_id,
                qbo_name=proposal.qbo_name,
            )
        except ValidationError as error:  # the record was linked to another row meanwhile
            raise ValidationError({"decision": error.message_dict["qbo_id"]}) from error
        proposal.object_id = row.pk
        proposal.object_name = row.name
        proposal.decision = Decision.CREATED if decision == "create" else Decision.LINKED
        counter = "added" if decision == "create" else "linked"
        QuickBooksImport.objects.filter(pk=proposal.run_id).update(**{counter: F(counter) + 1})
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save()
    live_notice_send(
        company_id=proposal.company_id,
        subject="quickbooks_import",
        subject_id=proposal.run_id,
        audience="admins",
    )
    return proposal


def _row_for(proposal: QuickBooksImportProposal, decision: str, object_id: int | None) -> LinkedRow:
    """The catalog row the decision links the record to: the proposed one, the one chosen, or
    one added for it."""
    model = import_kind_get(proposal.kind).model
    if decision == "create":
        return _row_add(proposal, model)
    if decision == "accept":
        return _row_unlinked(proposal, model, proposal.proposed_id, field="decision")
    return _row_unlinked(proposal, model, object_id, field="object_id")


def _row_unlinked(
    proposal: QuickBooksImportProposal,
    model: type[LinkedRow],
    pk: int | None,
    *,
    field: str,
) -> LinkedRow:
    noun = model._meta.verbose_name
    row = model.objects.filter(company_id=proposal.company_id, pk=pk).first() if pk else None
    if row is None:
        raise ValidationError({field: f"Choose a {noun} of your catalog to link to."})
    taken = QuickBooksLink.objects.filter(
        company_id=proposal.company_id, kind=proposal.kind, object_id=row.pk
    ).first()
    if taken is not None:
        raise ValidationError(
            {
                field: f"The {noun} “{row.name}” is already linked to QuickBooks record "
                f"{taken.qbo_id}. Choose another, or add “{proposal.qbo_name}” as a new {noun}."
            }
        )
    return row


def _row_add(proposal: QuickBooksImportProposal, model: type[LinkedRow]) -> LinkedRow:
    noun = model._meta.verbose_name
    try:
        with transaction.atomic():
            return model.objects.create(
                company_id=proposal.company_id, name=proposal.qbo_name, **proposal.fields
            )
    except IntegrityError as error:
        raise ValidationError(
            {"decision": f"A {noun} named “{proposal.qbo_name}” already exists. Link to it."}
        ) from error
