"""Run axe-core on the page in the browser, against WCAG 2.2 A and AA."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.harness import AXE_PATH, Server

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """async (runOnly) => {
  const results = await axe.run(document, {runOnly});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
  }));
}"""


def axe_violations(page: Page, server: Server, rules: list[str] | None = None) -> list[str]:
    """Each violation as one readable line per failing element; empty when the page passes.
    Runs every WCAG 2.2 A/AA rule, or only `rules` when given."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=server.url(AXE_PATH))
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    violations = page.evaluate(_RUN_AXE, run_only)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {node}" for v in violations for node in v["nodes"]]
