"""Reading order: group positioned words into lines, the way a reader sees them on the page.

Shared by the PDF text layer and OCR. Words that sit on the same baseline belong to one line even when the
PDF draws them far apart in its content stream (a label and its value, the cells of a table row), and lines
run top to bottom. Text running in another direction (a vertical margin note, a page drawn sideways) is
ordered in its own frame; the direction holding most characters comes first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from itertools import pairwise
from typing import NamedTuple

from models.text import PageText, TextSource

# A word joins a line when their vertical extents overlap by at least this share of the smaller of the word's
# height and the line's tallest word (so a line started by a hyphen or a dot does not swallow its neighbours).
_MIN_LINE_OVERLAP = 0.5
# ... and joins it at once, without looking further, when the overlap is at least this share.
_CLEAR_LINE_OVERLAP = 0.9
# How many recent lines a word is compared with: lines are built in top-to-bottom order.
_LINE_LOOKBACK = 6


class Direction(IntEnum):
    """Which way text runs on the displayed page, clockwise from left-to-right."""

    RIGHT = 0
    DOWN = 90
    LEFT = 180
    UP = 270
    SLANTED = -1


class Token(NamedTuple):
    """A word with its box in display coordinates (origin top-left, y down)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    direction: Direction = Direction.RIGHT
    confidence: float = 1.0


@dataclass(slots=True)
class _OpenLine:
    top: float
    bottom: float
    tallest: float
    centre_sum: float
    items: list[tuple[float, Token]]


def _upright(token: Token, direction: Direction) -> tuple[float, float, float, float]:
    """The token's box in a frame where its text runs left-to-right: (u0, v0, u1, v1)."""
    if direction == Direction.DOWN:
        return token.y0, -token.x1, token.y1, -token.x0
    if direction == Direction.LEFT:
        return -token.x1, -token.y1, -token.x0, -token.y0
    if direction == Direction.UP:
        return -token.y1, token.x0, -token.y0, token.x1
    return token.x0, token.y0, token.x1, token.y1


def _lines_in_one_direction(tokens: Sequence[Token], direction: Direction) -> list[list[Token]]:
    framed = [(_upright(token, direction), token) for token in tokens]
    framed.sort(key=lambda item: (item[0][1] + item[0][3]) / 2)
    lines: list[_OpenLine] = []
    # The hot loop of reading order (once per word against a few recent lines): comparisons are written
    # out instead of calling min() and max().
    for (u0, v0, _u1, v1), token in framed:
        height = v1 - v0 if v1 - v0 > 1e-6 else 1e-6
        best: _OpenLine | None = None
        best_ratio = _MIN_LINE_OVERLAP
        for line in lines[-1 : -_LINE_LOOKBACK - 1 : -1]:
            bottom, top, tallest = line.bottom, line.top, line.tallest
            overlap = (v1 if v1 < bottom else bottom) - (v0 if v0 > top else top)
            ratio = overlap / (height if height < tallest else tallest)
            if ratio >= best_ratio:
                best, best_ratio = line, ratio
                if ratio >= _CLEAR_LINE_OVERLAP:
                    break
        if best is None:
            lines.append(_OpenLine(v0, v1, height, (v0 + v1) / 2, [(u0, token)]))
        else:
            if v0 < best.top:
                best.top = v0
            if v1 > best.bottom:
                best.bottom = v1
            if height > best.tallest:
                best.tallest = height
            best.centre_sum += (v0 + v1) / 2
            best.items.append((u0, token))
    lines.sort(key=lambda line: line.centre_sum / len(line.items))
    return [[token for _, token in sorted(line.items, key=lambda item: item[0])] for line in lines]


def order_into_lines(tokens: Sequence[Token]) -> list[list[Token]]:
    """Group tokens into lines in reading order; each line's tokens run in its reading direction."""
    by_direction: dict[Direction, list[Token]] = {}
    for token in tokens:
        by_direction.setdefault(token.direction, []).append(token)
    slanted = by_direction.pop(Direction.SLANTED, [])
    weight = {d: sum(len(t.text) for t in group) for d, group in by_direction.items()}
    ordered: list[list[Token]] = []
    for direction in sorted(by_direction, key=lambda d: (-weight[d], d.value)):
        ordered.extend(_lines_in_one_direction(by_direction[direction], direction))
    # Slanted text is mostly watermarks and stamps: kept, one line per token, after the page's real lines.
    ordered.extend([token] for token in slanted)
    return ordered


# OCR reads a vertical rule, or a scan's shadowed edge, as a "word" of stroke marks ("|", "]"): narrow, and
# taller than this many text heights.
_RULE_HEIGHTS = 1.5
_RULE_MARKS = frozenset("|[](){}!/\\¦")


def without_rule_marks(tokens: Sequence[Token]) -> list[Token]:
    """The tokens without OCR's readings of vertical rules: words of stroke marks alone, narrow and much
    taller than the page's text, which would bridge the rows beside them into one line."""
    heights = sorted(token.y1 - token.y0 for token in tokens if any(char.isalnum() for char in token.text))
    if not heights:
        return list(tokens)
    tallest = _RULE_HEIGHTS * heights[len(heights) // 2]
    return [token for token in tokens if not _rule_mark(token, tallest)]


def _rule_mark(token: Token, tallest: float) -> bool:
    height = token.y1 - token.y0
    return (
        height > tallest
        and token.x1 - token.x0 <= 0.5 * height
        and bool(token.text)
        and set(token.text) <= _RULE_MARKS
    )


COLUMN_GAP = "   "


def join_words(tokens: Sequence[Token]) -> str:
    """Words of one line joined by one space; a gap as wide as a table column becomes COLUMN_GAP (three
    spaces), so that two company names printed side by side stay apart. Gaps are measured along the
    line's reading direction (each token's ``direction``), so a line printed sideways or upside down keeps
    its column gaps too. Latin letters set apart one by one ("J O H A N N E S   K I E H L") are joined into
    their words, which the wider gaps part."""
    parts = [tokens[0].text]
    gaps = [_gap(previous, token) for previous, token in pairwise(tokens)]
    spaced = _letter_spaced(tokens, gaps)
    for index, token in enumerate(tokens[1:]):
        gap, char_width, height = gaps[index]
        wide = gap > 2.5 * char_width and gap > 0.9 * height
        if index in spaced:
            parts.append(spaced[index])
        else:
            parts.append(COLUMN_GAP if wide else " ")
        parts.append(token.text)
    return "".join(parts)


# A word set in spaced capitals ("J O H A N N E S   K I E H L   K G"): at least this many single letters in a
# row, whose wider gaps (this many times the narrowest) part the words.
_SPACED_LETTERS = 4
_SPACED_WORD_GAP = 1.8


def _gap(previous: Token, token: Token) -> tuple[float, float, float]:
    """The gap between two words along their line, the first word's character width and the taller
    height."""
    # Slanted words have no frame of their own: their gaps are measured along x.
    direction = token.direction if token.direction != Direction.SLANTED else Direction.RIGHT
    p0, q0, p1, q1 = _upright(previous, direction)
    u0, v0, _u1, v1 = _upright(token, direction)
    return u0 - p1, (p1 - p0) / max(1, len(previous.text)), max(q1 - q0, v1 - v0)


def _latin_letter(text: str) -> bool:
    # Latin script only: Korean, Japanese and Chinese text layers set characters apart by design.
    return len(text) == 1 and text.isalpha() and ord(text) < 0x250


def _letter_spaced(tokens: Sequence[Token], gaps: list[tuple[float, float, float]]) -> dict[int, str]:
    """The joints (index of the gap) inside runs of letter-spaced words, each with what joins them: nothing
    between the letters of a word, one space between words."""
    joints: dict[int, str] = {}
    run: list[int] = []  # indexes of the gaps between single letters, in a row
    letters = [_latin_letter(token.text) for token in tokens]
    for index in range(len(tokens)):
        if letters[index] and index + 1 < len(tokens) and letters[index + 1]:
            run.append(index)
            continue
        if len(run) + 1 >= _SPACED_LETTERS:
            narrowest = min(gaps[i][0] for i in run)
            for i in run:
                joints[i] = " " if gaps[i][0] > _SPACED_WORD_GAP * max(narrowest, 0.1) else ""
        run = []
    return joints


def page_text(
    lines: Sequence[Sequence[Token]],
    *,
    number: int,
    width: float,
    height: float,
    source: TextSource,
    mean_confidence: float = 1.0,
    text_layer_rejected: str | None = None,
    texts: Sequence[str] | None = None,
) -> PageText:
    """A PageText whose lines (text joined with single spaces, or COLUMN_GAP a table column apart; mean
    word confidence) and words follow the given reading order. ``texts``, when given, are the lines' texts
    already joined (by :func:`join_words` in the frame the words were read in, for boxes turned since)."""
    # Validating one nested dict is markedly faster than building thousands of Word/Box objects one by one.
    line_dicts: list[dict[str, object]] = []
    word_dicts: list[dict[str, object]] = []
    add_word = word_dicts.append
    for index, tokens in enumerate(lines):
        if not tokens:
            continue
        first = tokens[0]
        x0, y0, x1, y1 = first.x0, first.y0, first.x1, first.y1
        confidence = 0.0
        for t in tokens:  # one pass for the line's box, its confidence and its words
            if t.x0 < x0:
                x0 = t.x0
            if t.y0 < y0:
                y0 = t.y0
            if t.x1 > x1:
                x1 = t.x1
            if t.y1 > y1:
                y1 = t.y1
            confidence += t.confidence
            add_word(
                {
                    "text": t.text,
                    "box": {"x0": t.x0, "y0": t.y0, "x1": t.x1, "y1": t.y1},
                    "confidence": t.confidence,
                }
            )
        line_dicts.append(
            {
                "text": texts[index] if texts is not None else join_words(tokens),
                "box": {"x0": x0, "y0": y0, "x1": x1, "y1": y1},
                "confidence": confidence / len(tokens),
            }
        )
    return PageText.model_validate(
        {
            "number": number,
            "width": width,
            "height": height,
            "source": source,
            "lines": line_dicts,
            "words": word_dicts,
            "mean_confidence": mean_confidence,
            "text_layer_rejected": text_layer_rejected,
        }
    )
