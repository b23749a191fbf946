"""The problems of a workflow drawing: what keeps it from being published.

The same rules run when a draft is saved (the problems are shown beside the canvas) and when it is
published (any problem refuses it), so no request can publish a workflow that cannot run.
"""

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ontraccr_clone.accounts.models import Company
from workflows.definitions.models import WorkflowVersion
from workflows.forms.models import FormTemplate
from workflows.forms.selectors import form_template_latest_version
from workflows.steps.registry import step_type_get

SUBMIT = "submit"


@dataclass(frozen=True)
class GraphStep:
    key: str
    type: str
    config: dict[str, Any] = field(default_factory=dict)
    x: float = 0
    y: float = 0


@dataclass(frozen=True)
class GraphTransition:
    source: str
    outcome: str
    target: str


@dataclass(frozen=True)
class Problem:
    """One thing to fix; `step` names the step it concerns, `fields` its settings' errors."""

    code: str
    message: str
    step: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)


def version_graph(version: WorkflowVersion) -> tuple[list[GraphStep], list[GraphTransition]]:
    """A stored version as the plain graph the rules read."""
    steps = [
        GraphStep(key=key, type=type_, config=config, x=x, y=y)
        for key, type_, config, x, y in version.steps.values_list("key", "type", "config", "x", "y")
    ]
    transitions = [
        GraphTransition(source=source, outcome=outcome, target=target)
        for source, outcome, target in version.transitions.values_list(
            "source__key", "outcome", "target__key"
        )
    ]
    return steps, transitions


def _label(step: GraphStep) -> str:
    try:
        return step_type_get(step.type).label
    except KeyError:
        return step.type


def _errors(detail: Any) -> dict[str, list[str]]:
    """DRF's nested errors flattened to one list of messages per setting."""
    if isinstance(detail, dict):
        return {name: _messages(value) for name, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [message for item in value.values() for message in _messages(item)]
    if isinstance(value, list):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def _settings_problems(
    steps: Iterable[GraphStep], *, company: Company, template: FormTemplate
) -> list[Problem]:
    fields = form_template_latest_version(template=template).fields
    context = {"company": company, "template": template, "fields": fields}
    problems = []
    for step in steps:
        try:
            step_type = step_type_get(step.type)
        except KeyError:
            problems.append(
                Problem("unknown_type", f'"{step.type}" is not a step type.', step=step.key)
            )
            continue
        availability = step_type.availability(company=company, template=template)
        if not availability.ok:
            problems.append(
                Problem(
                    "unavailable",
                    f"{step_type.label} cannot be used here: {availability.reason}",
                    step=step.key,
                )
            )
        serializer = step_type.ConfigSerializer(data=step.config, context=context)
        if not serializer.is_valid():
            errors = _errors(serializer.errors)
            first = next(iter(errors.values()), [""])[0]
            problems.append(
                Problem(
                    "settings",
                    f"{step_type.label}: {first}" if first else f"Configure {step_type.label}.",
                    step=step.key,
                    fields=errors,
                )
            )
    return problems


def _arrow_problems(
    by_key: dict[str, GraphStep], transitions: Sequence[GraphTransition]
) -> list[Problem]:
    problems = []
    seen: set[tuple[str, str]] = set()
    for transition in transitions:
        source = by_key.get(transition.source)
        target = by_key.get(transition.target)
        if source is None:
            problems.append(Problem("no_source", "An arrow starts from a step that is not there."))
            continue
        if target is None:
            problems.append(
                Problem(
                    "no_target",
                    f'The "{transition.outcome}" outcome of {_label(source)} leads nowhere.',
                    step=source.key,
                )
            )
            continue
        try:
            outcomes = step_type_get(source.type).outcomes
        except KeyError:
            outcomes = ()
        if outcomes and transition.outcome not in outcomes:
            problems.append(
                Problem(
                    "unknown_outcome",
                    f'{_label(source)} has no "{transition.outcome}" outcome.',
                    step=source.key,
                )
            )
        if (transition.source, transition.outcome) in seen:
            problems.append(
                Problem(
                    "second_arrow",
                    f'The "{transition.outcome}" outcome of {_label(source)} has two arrows; '
                    "a run must know where to go.",
                    step=source.key,
                )
            )
        seen.add((transition.source, transition.outcome))
        if target.type == SUBMIT:
            problems.append(
                Problem(
                    "into_submit",
                    f"{_label(source)} leads back to Submit; a workflow starts there only once.",
                    step=source.key,
                )
            )
        elif transition.source == transition.target:
            problems.append(
                Problem("self_loop", f"{_label(source)} leads to itself.", step=source.key)
            )
    return problems


def _path_problems(steps: Sequence[GraphStep], transitions: Sequence[GraphTransition]) -> list:
    submits = [step for step in steps if step.type == SUBMIT]
    if not submits:
        return [Problem("no_submit", "Add a Submit step: every workflow starts with one.")]
    problems = [
        Problem("several_submits", "A workflow has one Submit step; remove this one.", step=s.key)
        for s in submits[1:]
    ]
    start = submits[0]
    following: dict[str, list[str]] = defaultdict(list)
    for transition in transitions:
        following[transition.source].append(transition.target)
    if not following[start.key]:
        problems.append(
            Problem(
                "no_path",
                "Nothing follows Submit: connect it to the workflow's first step.",
                step=start.key,
            )
        )
    reached = {start.key}
    queue = deque([start.key])
    while queue:
        for target in following[queue.popleft()]:
            if target not in reached:
                reached.add(target)
                queue.append(target)
    problems += [
        Problem(
            "unreachable",
            f"{_label(step)} cannot be reached from Submit: connect an arrow to it.",
            step=step.key,
        )
        for step in steps
        if step.key not in reached and step.type != SUBMIT
    ]
    return problems


def workflow_graph_problems(
    *,
    company: Company,
    template: FormTemplate,
    steps: Sequence[GraphStep],
    transitions: Sequence[GraphTransition],
) -> list[Problem]:
    """Every problem of a drawing, in the order a person would fix them: the start, the settings
    of each step, then the arrows and the steps no run could reach."""
    by_key = {step.key: step for step in steps}
    return [
        *_path_problems(steps, transitions),
        *_settings_problems(steps, company=company, template=template),
        *_arrow_problems(by_key, transitions),
    ]
