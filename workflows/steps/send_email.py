"""Send email: a message with the form's values in it, through Django's email backend.

An email cannot be taken back, so it is sent at most once per step run: the step records
"sending" before handing the message over and "sent" after. A step run found still "sending"
(its worker stopped in between) may or may not have sent it; it fails with that said, and an
admin's Retry (a new step run) sends it again.
"""

import re
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from rest_framework import serializers

from ontraccr_clone.accounts.models import User
from workflows.engine.ledger import outside_effect_find, outside_effect_save
from workflows.engine.models import StepRun
from workflows.engine.services import step_run_save_progress
from workflows.steps.base import Outcome, StepFailed, StepType, Wait
from workflows.steps.form_values import field_named, value_text
from workflows.steps.registry import register
from workflows.timeline.models import TimelineEvent
from workflows.timeline.services import timeline_event_record

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
SEND_TIMEOUT_SECONDS = 20


class SendEmailConfig(serializers.Serializer):
    users = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    emails = serializers.ListField(child=serializers.EmailField(), required=False, default=list)
    field = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="A field that picks people."
    )
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=5000)

    def validate_users(self, ids: list[int]) -> list[int]:
        found = User.objects.filter(company=self.context["company"], is_active=True, pk__in=ids)
        if found.count() != len(set(ids)):
            raise serializers.ValidationError("Choose active people of your company.")
        return ids

    def validate_field(self, field_id: str) -> str:
        if field_id:
            definition = field_named(self.context["fields"], field_id, types=("choose",))
            if definition.get("source") != "users":
                raise serializers.ValidationError("Choose a field that picks people.")
        return field_id

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not (attrs["users"] or attrs["emails"] or attrs["field"]):
            raise serializers.ValidationError({"users": "Add at least one recipient."})
        known = {definition["id"] for definition in self.context["fields"]}
        for name in ("subject", "body"):
            unknown = sorted(set(PLACEHOLDER.findall(attrs[name])) - known)
            if unknown:
                raise serializers.ValidationError(
                    {name: f"No form field named {', '.join(unknown)}."}
                )
        return attrs


@register
class SendEmailStep(StepType):
    key = "send_email"
    label = "Send email"
    icon = "✉"
    description = "Email people, with the form's values in the subject and body."
    ConfigSerializer = SendEmailConfig

    def recipients(self, *, step_run: StepRun) -> list[str]:
        config = step_run.step.config
        ids = list(config.get("users", []))
        if config.get("field"):
            ids += [
                choice["id"] for choice in step_run.run.submission.data.get(config["field"], [])
            ]
        people = User.objects.filter(company_id=step_run.run.company_id, is_active=True, pk__in=ids)
        addresses = [person.email for person in people] + list(config.get("emails", []))
        return sorted(set(addresses))

    def render(self, text: str, step_run: StepRun) -> str:
        submission = step_run.run.submission
        fields = {definition["id"]: definition for definition in submission.template_version.fields}

        def replace(match: re.Match[str]) -> str:
            definition = fields.get(match.group(1))
            return value_text(definition, submission.data.get(match.group(1))) if definition else ""

        return PLACEHOLDER.sub(replace, text)

    def execute(self, *, step_run: StepRun) -> Outcome | Wait:
        sent = outside_effect_find(key=f"{step_run.idempotency_key}:email")
        if sent is not None:  # an earlier attempt sent it and stopped before recording it
            return Outcome("next", sent)
        if step_run.output.get("delivery") == "sending":
            raise StepFailed(
                "The email may not have been sent: the worker stopped while sending it. "
                "Retry to send it again."
            )
        to = self.recipients(step_run=step_run)
        if not to:
            raise StepFailed("The email has no recipients: the people chosen are gone.")
        config = step_run.step.config
        message = EmailMessage(
            subject=self.render(config["subject"], step_run).replace("\n", " "),
            body=self.render(config["body"], step_run),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=to,
        )
        step_run_save_progress(step_run=step_run, output={"delivery": "sending", "to": to})
        connection = get_connection()
        if getattr(connection, "timeout", SEND_TIMEOUT_SECONDS) is None:
            connection.timeout = SEND_TIMEOUT_SECONDS  # type: ignore[attr-defined]  # SMTP hangs
        message.connection = connection
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            raise StepFailed(f"The email could not be sent: {error}", transient=True) from error
        sent = outside_effect_save(
            step_run=step_run,
            key=f"{step_run.idempotency_key}:email",
            kind="email_sent",
            data={"delivery": "sent", "to": to, "subject": message.subject},
        )
        return Outcome("next", sent)

    def record(self, *, step_run: StepRun, result: Outcome | Wait) -> None:
        assert isinstance(result, Outcome)
        timeline_event_record(
            submission=step_run.run.submission,
            kind=TimelineEvent.Kind.EMAIL_SENT,
            message=f"Email sent to {', '.join(result.output['to'])}: {result.output['subject']}",
            data={"to": result.output["to"], "subject": result.output["subject"]},
            step_run=step_run,
        )
