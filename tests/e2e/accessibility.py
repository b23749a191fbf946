"""The automated accessibility check of a page: axe-core (the frontend's dev dependency) run in
the page as it is now, failing on serious or critical violations with what and where they are."""

from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

AXE_SCRIPT = Path(settings.BASE_DIR) / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
SETTLED = """() => !document.querySelector('[aria-busy="true"]') && [
    ...document.querySelectorAll('.table-wrap'),
].every((element) => getComputedStyle(element).opacity === '1')"""


def _described(violation: dict[str, Any]) -> str:
    where = "\n".join(
        f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
        for node in violation["nodes"][:5]
    )
    more = len(violation["nodes"]) - 5
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n{where}" + (
        f"\n    … and {more} more" if more > 0 else ""
    )


def expect_accessible(page: Page, *, what: str) -> None:
    """Fail, listing them, when axe finds serious or critical violations on the page; `what`
    names the page and its state in the failure."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
        assert page.evaluate("() => typeof window.axe !== 'undefined'"), (
            "axe-core did not load: open the page in a context with bypass_csp=True"
        )
    # A list that is loading again fades while it does (a live notice may have just asked it
    # to): the page is checked as a person reads it, once nothing is busy or fading.
    page.wait_for_function(SETTLED)
    results = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    failing = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"Accessibility violations on {what}:\n" + "\n".join(
        _described(violation) for violation in failing
    )
