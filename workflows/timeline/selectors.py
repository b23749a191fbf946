from django.db.models import QuerySet

from workflows.forms.models import FormSubmission
from workflows.timeline.models import TimelineEvent


def timeline_list(*, submission: FormSubmission) -> QuerySet[TimelineEvent]:
    return submission.timeline.select_related("actor").order_by("at", "id")
