"""The one place where the warehouse SQL differs between DuckDB and Amazon Redshift.

The SQL files (``msds/data/warehouse``) are written once, in the SQL both engines share, with three marks:

- ``/*redshift: ...*/`` after a CREATE TABLE: Redshift's table options (DISTKEY, SORTKEY, DISTSTYLE); dropped
  for DuckDB;
- ``ADD_YEARS(date, n)`` and ``ADD_MONTHS(date, n)``: date arithmetic (Redshift DATEADD/ADD_MONTHS, DuckDB
  interval arithmetic), always giving a DATE;
- ``:name`` parameters (the Redshift Data API's form), ``$name`` for DuckDB.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from importlib import resources

_REDSHIFT_OPTIONS = re.compile(r"/\*redshift:(?P<options>[^*]*)\*/")
_PARAMETER = re.compile(r"(?<![:\w]):(?P<name>[a-z_][a-z0-9_]*)")
_LINE_COMMENT = re.compile(r"--[^\n]*")
_MACROS = ("ADD_YEARS", "ADD_MONTHS")


class Dialect(StrEnum):
    DUCKDB = "duckdb"
    REDSHIFT = "redshift"


def render(sql: str, dialect: Dialect) -> str:
    """The SQL for one engine."""
    if dialect is Dialect.REDSHIFT:
        sql = _REDSHIFT_OPTIONS.sub(lambda m: m.group("options").strip(), sql)
    else:
        sql = _REDSHIFT_OPTIONS.sub("", sql)
        sql = _PARAMETER.sub(lambda m: "$" + m.group("name"), sql)
    for macro in _MACROS:
        sql = _expand(sql, macro, dialect)
    return sql


def _expand(sql: str, macro: str, dialect: Dialect) -> str:
    searched = 0
    while True:
        start = sql.find(macro + "(", searched)
        if start < 0:
            return sql
        depth, position, split = 0, start + len(macro), None
        for position in range(start + len(macro), len(sql)):
            char = sql[position]
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    break
            elif char == "," and depth == 1 and split is None:
                split = position
        if split is None:
            raise ValueError(f"{macro} needs two arguments: {sql[start : position + 1]}")
        date = sql[start + len(macro) + 1 : split].strip()
        amount = sql[split + 1 : position].strip()
        replacement = _macro(macro, date, amount, dialect)
        sql = sql[:start] + replacement + sql[position + 1 :]
        # The Redshift form of ADD_MONTHS is ADD_MONTHS itself: go on after the replacement.
        searched = start + len(replacement)


def _macro(macro: str, date: str, amount: str, dialect: Dialect) -> str:
    unit = "year" if macro == "ADD_YEARS" else "month"
    if dialect is Dialect.REDSHIFT:
        if unit == "month":
            return f"CAST(ADD_MONTHS({date}, CAST({amount} AS INTEGER)) AS DATE)"
        return f"CAST(DATEADD(year, CAST({amount} AS INTEGER), {date}) AS DATE)"
    return f"CAST(({date}) + to_{unit}s(CAST({amount} AS INTEGER)) AS DATE)"


def split_statements(sql: str) -> list[str]:
    """Statements of a file: comments dropped, split on ';' at the end of a line."""
    text = _LINE_COMMENT.sub("", sql)
    return [part.strip() for part in re.split(r";\s*(?:\n|$)", text) if part.strip()]


@cache
def schema_files() -> tuple[str, ...]:
    folder = resources.files("msds").joinpath("data", "warehouse")
    return tuple(
        entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".sql")
    )


def schema(dialect: Dialect) -> list[str]:
    """The warehouse's CREATE statements for one engine, in file order."""
    return [render(statement, dialect) for text in schema_files() for statement in split_statements(text)]


QUERIES = ("hazard_inventory", "product_hazards", "expiring_this_quarter", "watch_list_products")


@cache
def query_text(name: str) -> str:
    if name not in QUERIES:
        raise KeyError(name)
    return resources.files("msds").joinpath("data", "warehouse", "queries", f"{name}.sql").read_text("utf-8")


def query(name: str, dialect: Dialect) -> str:
    """A ready query for one engine; parameters (where it has any): as_of, check_years, replace_years."""
    return render(_LINE_COMMENT.sub("", query_text(name)).strip(), dialect)


def parameters(name: str) -> list[str]:
    return sorted(set(_PARAMETER.findall(_LINE_COMMENT.sub("", query_text(name)))))
