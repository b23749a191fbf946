"""The problems of a workflow drawing: what keeps it from being published.

The same rules run when a draft is saved (the problems are shown beside the canvas) and when it is
published (any problem refuses it), so no request can publish a workflow that cannot run.
"""

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from ontraccr_clone.accounts.models import Company
from workflows.definitions.models import WorkflowVersion
from workflows.forms.models import FormTemplate
from workflows.steps.base import Availability
from workflows.steps.registry import step_type_get
from workflows.steps.settings import FormFieldSetting

SUBMIT = "submit"
SELF_LOOP_REFUSED = "A step cannot lead to itself."


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


def _arrows_in_refused(step: GraphStep) -> str:
    try:
        return step_type_get(step.type).arrows_in_refused
    except KeyError:
        return ""


def _waits_for_a_person(step: GraphStep) -> bool:
    try:
        return bool(step_type_get(step.type).actions)
    except KeyError:
        return False


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


def settings_context(*, company: Company, template: FormTemplate) -> dict[str, Any]:
    """What step settings are checked against: the company and the form's latest fields."""
    fields = template.latest_version.fields
    return {"company": company, "template": template, "fields": fields}


def _settings_problems(
    steps: Iterable[GraphStep], *, company: Company, template: FormTemplate
) -> tuple[list[Problem], dict[str, dict[str, Any]]]:
    """The problems of each step's settings, and the settings of the steps that have none as
    their type's serializer puts them (defaults filled in, text trimmed): what is stored."""
    context = settings_context(company=company, template=template)
    problems = []
    settings: dict[str, dict[str, Any]] = {}
    # Per step type, its availability and one serializer for all its steps: building a
    # serializer copies its fields, which costs more than checking one step's settings.
    availabilities: dict[str, Availability] = {}
    checkers: dict[str, serializers.Serializer] = {}
    for step in steps:
        try:
            step_type = step_type_get(step.type)
        except KeyError:
            problems.append(
                Problem("unknown_type", f'"{step.type}" is not a step type.', step=step.key)
            )
            continue
        if step.type not in checkers:
            availabilities[step.type] = step_type.availability(company=company, template=template)
            checkers[step.type] = step_type.ConfigSerializer(context=context)
        availability, checker = availabilities[step.type], checkers[step.type]
        if not availability.ok:
            problems.append(
                Problem(
                    "unavailable",
                    f"{step_type.label} cannot be used here: {availability.reason}",
                    step=step.key,
                )
            )
        try:
            checked = checker.run_validation(step.config)
        except serializers.ValidationError as invalid:
            problems.append(
                Problem(
                    "settings",
                    f"{step_type.label}: {_first_error(invalid.detail, checker.fields)}",
                    step=step.key,
                    fields=_errors(invalid.detail),
                )
            )
            continue
        settings[step.key] = dict(checker.to_representation(checked))
    return problems, settings


def _first_error(errors: Any, settings: Mapping[str, serializers.Field]) -> str:
    """The first error of a step's settings in words that say what to do and where."""
    for name, detail in errors.items():
        messages = detail if isinstance(detail, list) else [detail]
        first = messages[0] if messages else None
        if not isinstance(first, ErrorDetail):
            continue
        setting = settings.get(name)
        if setting is None:
            return str(first)
        label = str(setting.label or name)
        if first.code in ("required", "blank", "null", "empty"):
            if isinstance(setting, FormFieldSetting):
                return f"choose the field for {label}"
            if isinstance(setting, serializers.ChoiceField | serializers.ListField):
                return f"choose {label.lower()}"
            return f"enter the {label.lower()}"
        return str(first)
    return "check its settings"


def step_summaries(
    steps: Iterable[GraphStep], *, settings: dict[str, dict[str, Any]], fields: list[dict]
) -> dict[str, str]:
    """One line per step with valid settings saying what it does, as its type words it."""
    return {
        step.key: step_type_get(step.type).summary(config=settings[step.key], fields=fields)
        for step in steps
        if step.key in settings
    }


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
        refused = _arrows_in_refused(target)
        if refused:
            problems.append(
                Problem("arrow_in_refused", f"{_label(source)}: {refused}", step=source.key)
            )
        elif transition.source == transition.target:
            problems.append(
                Problem("self_loop", f"{_label(source)}: {SELF_LOOP_REFUSED}", step=source.key)
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


def _loop_problems(
    steps: Sequence[GraphStep], transitions: Sequence[GraphTransition]
) -> list[Problem]:
    """Loops that never pass a step waiting for a person: a run would go round them for ever.
    Each is a strongly connected group of steps (Tarjan's algorithm) once such steps are left
    out."""
    automatic = {step.key: step for step in steps if not _waits_for_a_person(step)}
    following: dict[str, list[str]] = defaultdict(list)
    for transition in transitions:
        if transition.source in automatic and transition.target in automatic:
            following[transition.source].append(transition.target)
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in automatic:
        if root in index:
            continue
        # An iterative depth-first walk: a drawing may hold up to a thousand steps.
        walk = [(root, iter(following[root]))]
        index[root] = lowest[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while walk:
            key, targets = walk[-1]
            target = next(targets, None)
            if target is None:
                walk.pop()
                if walk:
                    lowest[walk[-1][0]] = min(lowest[walk[-1][0]], lowest[key])
                if lowest[key] == index[key]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == key:
                            break
                    if len(group) > 1:  # a step leading to itself is a problem of its own
                        groups.append(group)
            elif target not in index:
                index[target] = lowest[target] = len(index)
                stack.append(target)
                on_stack.add(target)
                walk.append((target, iter(following[target])))
            elif target in on_stack:
                lowest[key] = min(lowest[key], index[target])
    order = {step.key: position for position, step in enumerate(steps)}
    problems = []
    for group in groups:
        members = sorted(group, key=order.__getitem__)
        names = ", ".join(f"{_label(automatic[key])} ({key})" for key in members)
        problems.append(
            Problem(
                "endless_loop",
                f"These steps go round in a loop that never waits for a person: {names}. "
                "Put an approval in the loop or break it.",
                step=members[0],
            )
        )
    return problems


def workflow_graph_problems(
    *,
    company: Company,
    template: FormTemplate,
    steps: Sequence[GraphStep],
    transitions: Sequence[GraphTransition],
) -> list[Problem]:
    """Every problem of a drawing, in the order a person would fix them: the start, the settings
    of each step, then the arrows, the steps no run could reach, and endless loops."""
    return workflow_graph_check(
        company=company, template=template, steps=steps, transitions=transitions
    )[0]


def workflow_graph_check(
    *,
    company: Company,
    template: FormTemplate,
    steps: Sequence[GraphStep],
    transitions: Sequence[GraphTransition],
) -> tuple[list[Problem], dict[str, dict[str, Any]]]:
    """The problems of a drawing (see `workflow_graph_problems`), and each valid step's settings
    as its type's serializer puts them, keyed by step."""
    by_key = {step.key: step for step in steps}
    settings_problems, settings = _settings_problems(steps, company=company, template=template)
    problems = [
        *_path_problems(steps, transitions),
        *settings_problems,
        *_arrow_problems(by_key, transitions),
        *_loop_problems(steps, transitions),
    ]
    return problems, settings
