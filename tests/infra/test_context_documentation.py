"""infra/README.md's table of context parameters lists exactly what InfraConfig reads, with its defaults."""

from __future__ import annotations

import dataclasses
import re

from infra.assets import PROJECT_ROOT
from infra.config import InfraConfig

README = PROJECT_ROOT / "infra" / "README.md"
TABLE_HEADER = "| parameter | default | what it does | what it costs |"
_ROW = re.compile(r"^\|\s*`(?P<name>[a-z0-9_]+)`\s*\|\s*(?P<default>[^|]*?)\s*\|")


def documented_parameters(text: str) -> dict[str, str]:
    """parameter -> its default cell, from the rows of the table under TABLE_HEADER."""
    lines = text[text.index(TABLE_HEADER) :].splitlines()[2:]
    rows = {}
    for line in lines:
        if not line.startswith("|"):
            break
        match = _ROW.match(line)
        assert match, f"a row of the parameter table names no parameter: {line[:80]}"
        rows[match["name"]] = match["default"]
    return rows


def rendered_default(value: object) -> str:
    """How the table writes a default: `value`, `true`/`false`, "empty" for "", "none" for ()."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == "":
        return "empty"
    if value == ():
        return "none"
    return f"`{value}`"


def test_every_context_parameter_is_documented_with_its_default() -> None:
    # Given the fields InfraConfig reads (msds:<field>) and the README's table
    defaults = {field.name: field.default for field in dataclasses.fields(InfraConfig)}
    documented = documented_parameters(README.read_text())

    # When they are compared
    missing = sorted(set(defaults) - set(documented))
    unknown = sorted(set(documented) - set(defaults))
    wrong = {
        name: (cell, rendered_default(defaults[name]))
        for name, cell in documented.items()
        if name in defaults and not cell.startswith(rendered_default(defaults[name]))
    }

    # Then every parameter has its row, no row names a parameter that does not exist, defaults agree
    assert missing == [] and unknown == [] and wrong == {}


def test_a_drifted_table_is_caught() -> None:
    # Given a table whose default for `stage` is not InfraConfig's, and that misses `nag`
    text = f"{TABLE_HEADER}\n|---|---|---|---|\n| `stage` | `prod` | name | - |\n\nafter\n"

    # When it is read
    documented = documented_parameters(text)

    # Then the wrong default and the missing row show
    assert documented == {"stage": "`prod`"}
    assert not documented["stage"].startswith(rendered_default(InfraConfig().stage))
    assert "nag" not in documented
