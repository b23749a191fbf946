"""The one list of step types. Built-in types register from `WorkflowsConfig.ready`; other apps
(the QuickBooks integration) register theirs from their own `ready`, without the engine knowing."""

from workflows.steps.base import StepType
from workflows.timeline.kinds import timeline_kind_register

_step_types: dict[str, StepType] = {}


def register(step_type: type[StepType]) -> type[StepType]:
    """Add a step type and its timeline kinds; usable as a class decorator. A key can be
    registered once."""
    if step_type.key in _step_types:
        raise ValueError(f"The step type {step_type.key!r} is already registered.")
    for kind in step_type.timeline_kinds:
        timeline_kind_register(kind)
    _step_types[step_type.key] = step_type()
    return step_type


def step_type_get(key: str) -> StepType:
    """The registered type with this key; KeyError if there is none."""
    return _step_types[key]


def step_type_list() -> list[StepType]:
    """Every registered type, in the order they were registered (the palette's order)."""
    return list(_step_types.values())
