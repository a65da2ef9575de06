"""Compile an official statement wording into a token pattern the phrase matcher can align with text.

The regulation's wording is a template, and suppliers print an instance of it:

- ``…`` and ``<…>`` are fill-ins (``"Dispose of contents/container to …"`` -> ``"… to an approved plant"``);
- ``a/b/c`` lists alternatives, of which a sheet prints one or more, in any order, possibly joined by a
  conjunction (``"Wear protective gloves/eye protection"``, ``"POISON CENTER or doctor/physician"``);
- ``[…]`` is optional text (``"Rinse skin with water [or shower]."``).

Where an alternative list begins and ends is not marked (``"Wear protective gloves/…/face protection"``: is
the first alternative "gloves" or "protective gloves"?), so a group keeps every reading of up to
:data:`MAX_EDGE_WORDS` words at each edge and the matcher tries them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from msds.domain.text_folding import fold, unify_lookalikes

MAX_EDGE_WORDS: Final = 4


class Slot:
    """A fill-in: zero or more supplier words."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "…"


SLOT: Final = Slot()


@dataclass(frozen=True, slots=True)
class OptionalPart:
    """Bracketed text: matched when present, skipped otherwise."""

    items: Pattern


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading of an alternative list: fixed words before, the alternatives, fixed words after."""

    prefix: Pattern
    alternatives: tuple[Pattern, ...]
    suffix: Pattern


@dataclass(frozen=True, slots=True)
class Group:
    readings: tuple[Reading, ...]
    head_first: str | None = None
    """The first word of a multi-word head ("call" in "Call a POISON CENTER/doctor"): a match starts there."""


Element = str | Slot | OptionalPart | Group
Pattern = tuple[Element, ...]

# CJK scripts are written without spaces, and Korean spaces its words freely ("취급부위" / "취급 부위"):
# every character is a token of its own.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3"
WORD_RE: Final = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_ITEM_RE = re.compile(rf"<[^>]*>|…|\.\.\.|/|\[|\]|[{_CJK}]|[^\W_{_CJK}]+|[.,;:!?()«»\"“”„]")
_BREAKS = frozenset('.,;:!?()«»"“”„')


@lru_cache(maxsize=65536)
def word_key(raw: str) -> str:
    """The comparison form of one word token, shared by patterns and documents."""
    return fold(raw if raw.isascii() else unify_lookalikes(raw))


@dataclass(frozen=True, slots=True)
class _Break:
    """Punctuation: ends an alternative list's edge."""


_BREAK: Final = _Break()
_Item = str | Slot | _Break | OptionalPart | Literal["/"]


def _scan(text: str) -> list[str | Slot | _Break | Literal["/", "[", "]"]]:
    items: list[str | Slot | _Break | Literal["/", "[", "]"]] = []
    for match in _ITEM_RE.finditer(text):
        raw = match.group()
        if raw.startswith("<") or raw in ("…", "..."):
            items.append(SLOT)
        elif raw == "/":
            items.append("/")
        elif raw == "[":
            items.append("[")
        elif raw == "]":
            items.append("]")
        elif raw in _BREAKS:
            items.append(_BREAK)
        else:
            items.append(word_key(raw))
    return items


BracketMode = Literal["optional", "drop", "require"]


def _nest(items: list[str | Slot | _Break | Literal["/", "[", "]"]], brackets: BracketMode) -> list[_Item]:
    """Resolve ``[...]`` into :class:`OptionalPart` (or drop/inline it), ignoring unbalanced brackets."""
    out: list[_Item] = []
    stack: list[list[_Item]] = []
    for item in items:
        if item == "[":
            stack.append(out)
            out = []
        elif item == "]" and stack:
            inner, out = out, stack.pop()
            if brackets == "require":
                out.extend(inner)
            elif brackets == "optional":
                out.append(OptionalPart(_structure(inner)))
            out.append(_BREAK)
        elif item not in ("[", "]"):
            out.append(item)
    while stack:  # unbalanced "[": keep its content as plain text
        inner, out = out, stack.pop()
        out.extend(inner)
    return out


def _is_run_item(item: _Item) -> bool:
    return isinstance(item, str | Slot) and item != "/"


def _structure(items: list[_Item]) -> Pattern:
    """Turn slash-separated runs into :class:`Group` elements and drop punctuation."""
    out: list[Element] = []
    index = 0
    while index < len(items):
        if items[index] != "/":
            index += 1
            continue
        # items[index] is the first slash of a chain: collect head, middles and tail runs.
        head_start = index
        while head_start > 0 and _is_run_item(items[head_start - 1]):
            head_start -= 1
        runs: list[list[str | Slot]] = [
            [item for item in items[head_start:index] if isinstance(item, str | Slot)]
        ]
        position = index
        while position < len(items) and items[position] == "/":
            run_end = position + 1
            while run_end < len(items) and _is_run_item(items[run_end]):
                run_end += 1
            runs.append([item for item in items[position + 1 : run_end] if isinstance(item, str | Slot)])
            position = run_end
        out.extend(_plain(items[:head_start]))
        out.append(_group(runs[0], [run for run in runs[1:-1] if run], runs[-1]))
        items = items[position:]
        index = 0
    out.extend(_plain(items))
    return tuple(out)


def _plain(items: list[_Item]) -> list[Element]:
    return [item for item in items if isinstance(item, str | Slot | OptionalPart)]


def _group(head: list[str | Slot], middles: list[list[str | Slot]], tail: list[str | Slot]) -> Group:
    # An edge alternative is about as long as the middle ones ("protective gloves" / "protective clothing");
    # without middles, about as long as the other side ("medical advice/attention").
    if middles:
        longest = max(len(middle) for middle in middles) + 1
    else:
        longest = min(len(head) or MAX_EDGE_WORDS, len(tail) or MAX_EDGE_WORDS) + 1
    edge = min(MAX_EDGE_WORDS, longest)
    head_cuts = range(1, min(len(head), edge) + 1) if head else (0,)
    tail_cuts = range(1, min(len(tail), edge) + 1) if tail else (0,)
    readings = []
    for head_cut in head_cuts:
        for tail_cut in tail_cuts:
            alternatives = [tuple(head[len(head) - head_cut :])] if head_cut else []
            alternatives += [tuple(middle) for middle in middles]
            if tail_cut:
                alternatives.append(tuple(tail[:tail_cut]))
            readings.append(
                Reading(
                    prefix=tuple(head[: len(head) - head_cut]),
                    alternatives=tuple(alt for alt in alternatives if alt),
                    suffix=tuple(tail[tail_cut:]),
                )
            )
    head_first = head[0] if len(head) >= 2 and isinstance(head[0], str) else None
    return Group(tuple(readings), head_first)


_INTERNED: dict[object, object] = {}


def _intern(value: object) -> object:
    """Equal sub-patterns become one object, so the matcher's memo (keyed by identity) is shared by them."""
    if isinstance(value, tuple):
        value = tuple(_intern(item) for item in value)
    elif isinstance(value, OptionalPart):
        value = OptionalPart(_intern(value.items))  # type: ignore[arg-type]
    elif isinstance(value, Reading):
        value = Reading(_intern(value.prefix), _intern(value.alternatives), _intern(value.suffix))  # type: ignore[arg-type]
    elif isinstance(value, Group):
        value = Group(_intern(value.readings), value.head_first)  # type: ignore[arg-type]
    return _INTERNED.setdefault(value, value)


def compile_wording(text: str, brackets: BracketMode = "optional") -> Pattern:
    """The token pattern of an official wording; leading/trailing punctuation is not part of it."""
    pattern: Pattern = _intern(_structure(_nest(_scan(text), brackets)))  # type: ignore[assignment]
    return pattern


def fixed_words(pattern: Pattern) -> list[str]:
    """Words every match of the pattern contains (outside alternatives and optional parts)."""
    return [element for element in pattern if isinstance(element, str)]


def first_words(pattern: Pattern) -> set[str]:
    """Words a match of the pattern can begin with; a leading fill-in is skipped."""
    words: set[str] = set()
    for element in pattern:
        if isinstance(element, str):
            words.add(element)
            return words
        if isinstance(element, OptionalPart):
            words |= first_words(element.items)
            continue
        if isinstance(element, Group):
            if element.head_first is not None:
                words.add(element.head_first)
                return words
            for reading in element.readings:
                if reading.prefix and not isinstance(reading.prefix[0], Slot):
                    words |= first_words(reading.prefix)
                else:
                    for alternative in reading.alternatives:
                        words |= first_words(alternative)
            return words
        # a Slot: the match starts at what follows it
    return words


def word_count(pattern: Pattern) -> int:
    """Most words any match of the pattern can contain (an upper bound, for scoring)."""
    total = 0
    for element in pattern:
        if isinstance(element, str):
            total += 1
        elif isinstance(element, OptionalPart):
            total += word_count(element.items)
        elif isinstance(element, Group):
            total += max(
                word_count(reading.prefix)
                + word_count(reading.suffix)
                + sum(word_count(alternative) for alternative in reading.alternatives)
                for reading in element.readings
            )
    return total
