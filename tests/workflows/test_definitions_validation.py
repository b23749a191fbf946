import pytest

from tests.factories import form_template
from workflows.definitions.validation import GraphStep, GraphTransition, workflow_graph_problems

pytest_plugins = ["tests.workflows.definitions_step_types"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("step_types")]

SUBMIT = GraphStep("start", "submit")
REVIEW = GraphStep("review", "review", {"reviewer": "vendor"})
NOTE = GraphStep("note", "note")


def problems(template, steps, transitions=()):
    found = workflow_graph_problems(
        company=template.company,
        template=template,
        steps=steps,
        transitions=[GraphTransition(*t) for t in transitions],
    )
    return [(p.code, p.step) for p in found]


@pytest.fixture
def po(admin):
    return form_template(admin=admin)


def test_a_connected_workflow_has_no_problems_even_with_an_outcome_that_ends_it(po):
    steps = [SUBMIT, REVIEW, NOTE]
    arrows = [("start", "next", "review"), ("review", "approved", "note")]
    assert problems(po, steps, arrows) == []


def test_a_workflow_needs_one_submit_with_a_step_after_it(po):
    assert problems(po, [NOTE]) == [("no_submit", None)]
    assert problems(po, [SUBMIT]) == [("no_path", "start")]
    second = GraphStep("again", "submit")
    assert ("several_submits", "again") in problems(po, [SUBMIT, second])


def test_steps_no_run_can_reach_are_problems(po):
    steps = [SUBMIT, REVIEW, NOTE]
    assert problems(po, steps, [("start", "next", "note")]) == [("unreachable", "review")]
    # An arrow into the step from a step that is itself unreachable does not count.
    arrows = [("start", "next", "note"), ("review", "approved", "review")]
    assert ("unreachable", "review") in problems(po, steps, arrows)


def test_missing_settings_name_the_step_and_the_setting(po, admin):
    found = workflow_graph_problems(
        company=admin.company,
        template=po,
        steps=[SUBMIT, GraphStep("review", "review", {})],
        transitions=[GraphTransition("start", "next", "review")],
    )
    assert [(p.code, p.step, list(p.fields)) for p in found] == [
        ("settings", "review", ["reviewer"])
    ]
    assert found[0].message.startswith("Review: ")
    wrong_field = [SUBMIT, GraphStep("review", "review", {"reviewer": "nope"})]
    assert problems(po, wrong_field, [("start", "next", "review")]) == [("settings", "review")]


def test_a_type_unavailable_for_the_form_is_a_problem_with_its_reason(po, admin):
    general = form_template(admin=admin, key="general", name="Daily Log")
    steps = [SUBMIT, GraphStep("sync", "po_only")]
    arrows = [("start", "next", "sync")]
    assert problems(po, steps, arrows) == []
    found = workflow_graph_problems(
        company=admin.company,
        template=general,
        steps=steps,
        transitions=[GraphTransition(*a) for a in arrows],
    )
    assert [(p.code, p.message) for p in found] == [
        ("unavailable", "PO only cannot be used here: The form is not a purchase order.")
    ]


def test_arrows_back_to_submit_to_itself_twice_from_an_outcome_or_nowhere_are_problems(po):
    steps = [SUBMIT, REVIEW, NOTE]
    base = [("start", "next", "review")]
    assert ("arrow_in_refused", "review") in problems(
        po, steps, [*base, ("review", "rejected", "start")]
    )
    assert ("self_loop", "review") in problems(po, steps, [*base, ("review", "rejected", "review")])
    twice = [*base, ("review", "approved", "note"), ("review", "approved", "start")]
    assert ("second_arrow", "review") in problems(po, steps, twice)
    assert ("no_target", "review") in problems(po, steps, [*base, ("review", "approved", "gone")])
    assert ("unknown_outcome", "review") in problems(
        po, steps, [*base, ("review", "maybe", "note")]
    )
    assert ("unknown_type", "x") in problems(po, [*steps, GraphStep("x", "teleport")], base)


def test_a_loop_that_never_waits_for_a_person_is_a_problem_naming_its_steps(po, admin):
    steps = [SUBMIT, GraphStep("a", "note"), GraphStep("b", "check"), GraphStep("c", "note")]
    arrows = [
        ("start", "next", "a"), ("a", "next", "b"), ("b", "true", "c"), ("c", "next", "a"),
    ]  # fmt: skip
    found = workflow_graph_problems(
        company=admin.company,
        template=po,
        steps=steps,
        transitions=[GraphTransition(*arrow) for arrow in arrows],
    )
    assert [(p.code, p.step) for p in found] == [("endless_loop", "a")]
    assert found[0].message == (
        "These steps go round in a loop that never waits for a person: "
        "Note (a), Check (b), Note (c). Put an approval in the loop or break it."
    )


def test_a_loop_through_a_step_that_waits_for_a_person_is_no_problem(po):
    steps = [SUBMIT, REVIEW, GraphStep("a", "note"), GraphStep("b", "check")]
    arrows = [
        ("start", "next", "review"), ("review", "rejected", "a"), ("a", "next", "b"),
        ("b", "false", "review"), ("b", "true", "a"),
    ]  # fmt: skip
    # b -> a -> b loops without waiting; b -> review does wait.
    assert problems(po, steps, arrows) == [("endless_loop", "a")]
    assert problems(po, steps, arrows[:4]) == []
