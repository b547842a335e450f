"""axe-core, the accessibility engine behind the major browser audits, run on a screen of the app.

    from .axe import assert_no_axe_violations
    assert_no_axe_violations(page, "pay")

Flutter draws on a canvas; what axe (and a screen reader) reads is Flutter's semantics tree, ordinary
DOM with ARIA roles once ``open_app`` switched it on. Serious and critical findings fail the test,
except those listed with their reason in ``axe_engine_exceptions.json``: findings that Flutter's
engine itself causes and our code cannot change. Each run writes the full result to
artifacts/axe/<screen>.json. axe-core comes from npm (tests/e2e/js, installed by .ci/run).
Colour contrast cannot be judged by axe here (text is painted on a canvas): tests/app/test_contrast.py
computes it from the theme.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "js" / "node_modules" / "axe-core" / "axe.min.js"
EXCEPTIONS = HERE / "axe_engine_exceptions.json"
REPORTS = HERE.parents[1] / "artifacts" / "axe"
FAILING_IMPACTS = ("serious", "critical")
AXE_BOUND_MS = 60_000


def engine_exceptions() -> list[dict]:
    """[{"rule", "target" (a regular expression on the node's CSS selector), optionally "summary" (one on
    axe's failure summary, which names the attribute at fault), "reason"}]."""
    entries = json.loads(EXCEPTIONS.read_text(encoding="utf-8"))
    for e in entries:
        assert e.get("rule") and e.get("target") and e.get("reason"), f"incomplete exception: {e}"
    return entries


def run_axe(page) -> list[dict]:
    """axe's violations on the page as it is now (all impacts)."""
    assert AXE_JS.exists(), f"{AXE_JS} missing: npm ci --prefix tests/e2e/js"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    # Flutter paints after its semantics update: let the tree settle.
    page.wait_for_timeout(300)
    # Started in the page, then waited for from here: a bound inside the page (a setTimeout) cannot fire
    # while the page's main thread spins, and page.evaluate itself waits for ever (a run that never
    # ended held the suite until its watchdog, ten minutes later, with a renderer at 83 % CPU).
    # wait_for_function's timeout is kept by Playwright's driver, outside the page.
    page.evaluate(
        """() => {
            window.__budgetmeterAxe = undefined;
            // color-contrast is off: the text is painted on a canvas, out of axe's sight, and the
            // rule scrolls the page, which leaves Flutter's semantics nodes where the canvas is not.
            // After this call returns, so that nothing of the run can hold it.
            setTimeout(() => axe.run(document, {resultTypes: ["violations"], rules: {"color-contrast": {enabled: false}}}).then(
                result => { window.__budgetmeterAxe = {violations: result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 300),
                                              impact: n.impact, summary: n.failureSummary})),
                }))}; },
                error => { window.__budgetmeterAxe = {error: String(error)}; }), 0);
        }"""
    )
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => window.__budgetmeterAxe !== undefined", timeout=AXE_BOUND_MS, polling=100)
    except PlaywrightTimeout:
        raise AssertionError(f"axe did not finish within {AXE_BOUND_MS // 1000} s (the page stopped answering?)") from None
    outcome = page.evaluate("() => window.__budgetmeterAxe")
    assert "error" not in outcome, f"axe failed: {outcome['error']}"
    return outcome["violations"]


def excepted(rule: str, target: str, summary: str, exceptions: list[dict]) -> bool:
    return any(
        e["rule"] == rule and re.search(e["target"], target) and re.search(e.get("summary", ""), summary)
        for e in exceptions
    )


def failing_findings(violations: list[dict], exceptions: list[dict]) -> list[str]:
    found = []
    for v in violations:
        for node in v["nodes"]:
            impact = node.get("impact") or v["impact"]
            if impact in FAILING_IMPACTS and not excepted(v["id"], node["target"], node.get("summary") or "", exceptions):
                found.append(f"{impact} {v['id']} ({v['help']}): {node['target']}  {node['html']}")
    return found


def axe_problems(page, screen_name: str) -> list[str]:
    """The serious/critical findings outside the engine exceptions on this screen (the full result
    goes to artifacts/axe/<screen_name>.json)."""
    violations = run_axe(page)
    found = failing_findings(violations, engine_exceptions())
    if found:
        # Flutter rewrites its semantics tree while it settles, and axe reads the DOM in several passes: on
        # a loaded CI machine one pass saw an aria-owns naming a node another pass no longer found. A real
        # finding is still there a moment later; only what both runs report counts.
        page.wait_for_timeout(1_000)
        violations = run_axe(page)
        again = set(failing_findings(violations, engine_exceptions()))
        found = [f for f in found if _without_node_ids(f) in {_without_node_ids(g) for g in again}]
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{screen_name}.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False), encoding="utf-8")
    return [f"[{screen_name}] {p}" for p in found]


def _without_node_ids(finding: str) -> str:
    """A finding without Flutter's node numbers and positions, which change when it redraws."""
    return re.sub(r"flt-semantic-node-\d+|style=\"[^\"]*\"", "", finding)


def assert_no_axe_violations(page, screen_name: str) -> None:
    """Fail on serious/critical axe findings outside the engine exceptions."""
    problems = axe_problems(page, screen_name)
    assert not problems, f"axe on {screen_name}: {len(problems)} serious/critical finding(s):\n" + "\n".join(problems)
