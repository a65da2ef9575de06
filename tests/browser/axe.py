"""Accessibility checks with axe-core (vendored: tests/browser/vendor), run inside the page."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.11.1.min.js"
SERIOUS = ("serious", "critical")
_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """The page's accessibility violations of serious or critical impact (axe-core's WCAG rules)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    violations: list[dict[str, Any]] = page.evaluate(_RUN)
    return [violation for violation in violations if violation["impact"] in SERIOUS]
