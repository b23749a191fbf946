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
from workflows.steps.base import Outcome, StepFailed, StepType, TimelineKind, Wait
from workflows.steps.form_values import value_text
from workflows.steps.registry import register
from workflows.steps.settings import FormFieldSetting, PeopleSetting, TextSetting, picks_people
from workflows.timeline.services import timeline_event_record

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
SEND_TIMEOUT_SECONDS = 20
# Whatever `str.splitlines` ends a line at: none may reach a header.
LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def one_line(text: str) -> str:
    """A value made safe for a header: its lines and runs of spaces joined by single spaces."""
    return " ".join(text.split())


class SendEmailConfig(serializers.Serializer):
    users = PeopleSetting(label="People", required=False, default=list)
    emails = serializers.ListField(
        label="Other email addresses",
        child=serializers.EmailField(),
        required=False,
        default=list,
        max_length=50,
        help_text="Separate addresses with commas.",
    )
    field = FormFieldSetting(
        label="Person chosen in a form field",
        required=False,
        fits=picks_people,
        unfit="Choose a field that picks people.",
        style={"placeholder": "Nobody"},
    )
    subject = TextSetting(
        label="Subject", max_length=200, help_text="Insert a form value with {{field id}}."
    )
    body = TextSetting(
        label="Message",
        max_length=5000,
        help_text="Insert a form value with {{field id}}, e.g. {{memo}}.",
        style={"input": "textarea"},
    )

    def validate_subject(self, subject: str) -> str:
        if any(line_break in subject for line_break in LINE_BREAKS):
            raise serializers.ValidationError("Keep the subject on one line.")
        return subject

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
    timeline_kinds = (TimelineKind("email_sent", "Email sent", "info", "✉"),)

    def summary(self, *, config: dict[str, Any], fields: list[dict[str, Any]]) -> str:
        return f"Email “{config['subject']}”"

    def recipients(self, *, step_run: StepRun) -> list[str]:
        config = step_run.step.config
        ids = list(config["users"])
        if config["field"]:
            chosen = step_run.run.submission.data.get(config["field"]) or []
            ids += [choice["id"] for choice in chosen]
        people = User.objects.filter(company_id=step_run.run.company_id, is_active=True, pk__in=ids)
        addresses = [person.email for person in people] + list(config["emails"])
        return sorted(set(addresses))

    def render(self, text: str, step_run: StepRun, *, header: bool = False) -> str:
        """The text with each {{field}} replaced by the form's value; in a header each value is
        put on one line, since a line break there would end the header (and could start another)."""
        submission = step_run.run.submission
        fields = {definition["id"]: definition for definition in submission.template_version.fields}

        def replace(match: re.Match[str]) -> str:
            definition = fields.get(match.group(1))
            if definition is None:
                return ""
            value = value_text(definition, submission.data.get(match.group(1)))
            return one_line(value) if header else value

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
            subject=self.render(config["subject"], step_run, header=True),
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
            kind="email_sent",
            message=f"Email sent to {', '.join(result.output['to'])}: {result.output['subject']}",
            data={"to": result.output["to"], "subject": result.output["subject"]},
            step_run=step_run,
        )
