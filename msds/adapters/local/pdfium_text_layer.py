"""PDF text layer read with pypdfium2: words and lines with boxes, in reading order."""

from __future__ import annotations

import ctypes
import math
import re
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from models.text import PageText, TextSource
from msds.adapters.local.pdfium_document import load_page, open_pdf
from msds.adapters.local.reading_order import Direction, Token, order_into_lines, page_text
from msds.errors import ResourceLimitExceeded
from msds.settings import DEFAULT_MAX_PAGE_CHARS

# Device scale used to read pdfium's page-to-display mapping with integer outputs at 1/1000 pt precision.
_PROBE_SCALE = 1000
# Two consecutive characters of one stream run are split into two words when the gap between them along
# the line is larger than this share of the character height (pdfium does not always insert a space).
_MAX_GAP_IN_WORD = 0.6
# A character angle within this many degrees of a right angle counts as upright / sideways text.
_AXIS_TOLERANCE_DEGREES = 10.0
# A word's extent along its line is at most this many character heights per character (wide glyphs
# such as W or CJK are about one em; the loose box height is ascent + descent, above one em).
_MAX_CHAR_ADVANCE = 1.2
_NON_SPACE = re.compile(r"\S+")
_LIGATURES = {
    0xFB00: "ff",
    0xFB01: "fi",
    0xFB02: "fl",
    0xFB03: "ffi",
    0xFB04: "ffl",
    0xFB05: "st",
    0xFB06: "st",
}
_LIGATURE_CHARS = re.compile("[\ufb00-\ufb06]")

Affine = tuple[float, float, float, float, float, float]
PdfBox = tuple[float, float, float, float]  # left, bottom, right, top in PDF user space


class PdfiumTextLayer:
    """Implements msds.ports.PdfTextLayer: reads the embedded text of each page, without rendering.

    Characters are grouped into words on gaps and spaces, and words into lines by their vertical overlap
    (msds.adapters.local.reading_order), so label/value pairs and table rows drawn out of order in the
    content stream come out as one line. Boxes are in points, origin top-left of the page as displayed
    (crop box and /Rotate applied, like the renderer). Confidence is 1.0: the text is what the PDF says.
    A page with more than ``max_page_chars`` characters raises ResourceLimitExceeded before its words are
    built (the cost of a page grows with its text).
    """

    def __init__(self, *, max_page_chars: int = DEFAULT_MAX_PAGE_CHARS) -> None:
        self._max_page_chars = max_page_chars

    def page_count(self, data: bytes) -> int:
        with open_pdf(data) as document:
            return len(document)

    def read_pages(self, data: bytes) -> list[PageText]:
        with open_pdf(data) as document:
            return [self._read_page(document, index) for index in range(len(document))]

    def read_page(self, data: bytes, page_number: int) -> PageText:
        """One page (1-based) of the document."""
        with open_pdf(data) as document:
            if not 1 <= page_number <= len(document):
                raise IndexError(f"page {page_number} is outside 1..{len(document)}")
            return self._read_page(document, page_number - 1)

    def _read_page(self, document: pdfium.PdfDocument, index: int) -> PageText:
        page = load_page(document, index + 1)
        try:
            width, height = page.get_size()
            transform = _display_transform(page, width, height)
            rotation = page.get_rotation()
            textpage = page.get_textpage()
            try:
                characters = pdfium_c.FPDFText_CountChars(textpage.raw)
                if characters > self._max_page_chars:
                    raise ResourceLimitExceeded(
                        "page_chars",
                        f"page {index + 1} holds {characters:,} characters of text; the limit is "
                        f"{self._max_page_chars:,} (MSDS_MAX_PAGE_CHARS)",
                    )
                tokens = _PageReader(textpage.raw, transform, rotation).tokens()
            finally:
                textpage.close()
        finally:
            page.close()
        return page_text(
            order_into_lines(tokens),
            number=index + 1,
            width=width,
            height=height,
            source=TextSource.TEXT_LAYER,
        )


def _display_transform(page: pdfium.PdfPage, width: float, height: float) -> Affine:
    """Affine map from PDF user space to display points (top-left origin), as pdfium renders the page.

    Asking pdfium (rather than recomputing from MediaBox/CropBox/Rotate) keeps odd boxes (offset or
    inverted MediaBox, CropBox outside MediaBox) consistent with rendered images.
    """
    device_x, device_y = ctypes.c_int(), ctypes.c_int()
    size_x, size_y = round(width * _PROBE_SCALE), round(height * _PROBE_SCALE)

    def probe(x: float, y: float) -> tuple[float, float]:
        pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, size_x, size_y, 0, x, y, device_x, device_y)
        return device_x.value / _PROBE_SCALE, device_y.value / _PROBE_SCALE

    step = 1000.0
    origin, along_x, along_y = probe(0.0, 0.0), probe(step, 0.0), probe(0.0, step)
    return (
        (along_x[0] - origin[0]) / step,
        (along_x[1] - origin[1]) / step,
        (along_y[0] - origin[0]) / step,
        (along_y[1] - origin[1]) / step,
        origin[0],
        origin[1],
    )


def _page_chars(raw: Any) -> str:
    """All characters of the page, one per pdfium character index (generated spaces and breaks included)."""
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer)
    text = bytes(buffer)[: max(written - 1, 0) * 2].decode("utf-16-le", "surrogatepass")
    if len(text) == count:
        return text
    # Characters outside the BMP, or characters pdfium leaves out of its text view: ask one by one.
    codes = (pdfium_c.FPDFText_GetUnicode(raw, index) for index in range(count))
    return "".join(chr(code) if 0 < code <= 0x10FFFF else "\ufffd" for code in codes)


class _PageReader:
    """Turns one text page into word tokens in display coordinates."""

    def __init__(self, raw: Any, transform: Affine, rotation: int) -> None:
        self._raw = raw
        self._transform = transform
        self._rotation = rotation
        self._rect = pdfium_c.FS_RECTF()
        self._rect_ref = ctypes.byref(self._rect)
        self._directions: dict[float, Direction] = {}

    def tokens(self) -> list[Token]:
        # The hot loop of the text layer: one iteration per word, so it is written out flat with locals.
        raw, rect, rect_ref = self._raw, self._rect, self._rect_ref
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        a, b, c, d, e, f = self._transform
        text = _page_chars(raw)
        ligatures = _LIGATURE_CHARS.search(text) is not None
        tokens: list[Token] = []
        previous: Token | None = None
        prev_bottom = prev_right = prev_top = 0.0
        for match in _NON_SPACE.finditer(text):
            start, end = match.span()
            get_box(raw, start, rect_ref)
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
            if end - start > 1:
                get_box(raw, end - 1, rect_ref)
                l2, b2, r2, t2 = rect.left, rect.bottom, rect.right, rect.top
                # The usual case, written out (no min/max calls: this runs once per word): first and last
                # characters on one row, a word's length apart.
                low = bottom if bottom > b2 else b2
                high = top if top < t2 else t2
                first_height, last_height = top - bottom, t2 - b2
                size = first_height if first_height > last_height else last_height
                smaller = first_height if first_height < last_height else last_height
                outer_left = left if left < l2 else l2
                outer_right = right if right > r2 else r2
                one_row = high - low >= 0.5 * smaller and (
                    outer_right - outer_left <= (end - start) * _MAX_CHAR_ADVANCE * size + 1.0
                )
                if not one_row and not _one_word((left, bottom, right, top), (l2, b2, r2, t2), end - start):
                    tokens.extend(self._split_run(text, start, end))
                    previous = None
                    continue
                left, right = outer_left, outer_right
                bottom = bottom if bottom < b2 else b2
                top = top if top > t2 else t2
            height = top - bottom
            # A word that continues the previous one's baseline, a little to its right, shares its direction:
            # this saves asking pdfium for the angle of most words.
            if (
                previous is not None
                and (top if top < prev_top else prev_top) - (bottom if bottom > prev_bottom else prev_bottom)
                >= 0.5 * height
                and 0.0 <= left - prev_right <= 3.0 * height
            ):
                direction = previous.direction
            else:
                direction = self._direction(start)
            word = text[start:end]
            if ligatures:
                word = word.translate(_LIGATURES)
            xa, ya = a * left + c * bottom + e, b * left + d * bottom + f
            xb, yb = a * right + c * top + e, b * right + d * top + f
            previous = Token(
                word,
                xa if xa < xb else xb,
                ya if ya < yb else yb,
                xa if xa > xb else xb,
                ya if ya > yb else yb,
                direction,
            )
            tokens.append(previous)
            prev_bottom, prev_right, prev_top = bottom, right, top
        return tokens

    def _split_run(self, text: str, start: int, end: int) -> list[Token]:
        # The run jumps somewhere without a space in between: look at every character.
        tokens: list[Token] = []
        word_start = start
        word_box = previous = self._box(start)
        for index in range(start + 1, end):
            box = self._box(index)
            if _starts_new_word(previous, box):
                tokens.append(self._token(text[word_start:index], word_start, word_box))
                word_start, word_box = index, box
            else:
                word_box = _union(word_box, box)
            previous = box
        tokens.append(self._token(text[word_start:end], word_start, word_box))
        return tokens

    def _box(self, index: int) -> PdfBox:
        pdfium_c.FPDFText_GetLooseCharBox(self._raw, index, self._rect_ref)
        rect = self._rect
        return rect.left, rect.bottom, rect.right, rect.top

    def _token(self, text: str, first_index: int, box: PdfBox) -> Token:
        a, b, c, d, e, f = self._transform
        left, bottom, right, top = box
        xa, ya = a * left + c * bottom + e, b * left + d * bottom + f
        xb, yb = a * right + c * top + e, b * right + d * top + f
        if _LIGATURE_CHARS.search(text):
            text = text.translate(_LIGATURES)
        return Token(text, min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb), self._direction(first_index))

    def _direction(self, index: int) -> Direction:
        radians = pdfium_c.FPDFText_GetCharAngle(self._raw, index)
        direction = self._directions.get(radians)
        if direction is None:
            direction = _direction_of_angle(radians, self._rotation)
            if direction == Direction.SLANTED:
                # pdfium's angle takes in a skewed text matrix: an oblique (italic) glyph on a level baseline
                # reports about 19 degrees. The baseline's own direction is that of the matrix's x axis.
                return self._baseline_direction(index)
            self._directions[radians] = direction
        return direction

    def _baseline_direction(self, index: int) -> Direction:
        matrix = pdfium_c.FS_MATRIX()
        if not pdfium_c.FPDFText_GetMatrix(self._raw, index, ctypes.byref(matrix)):
            return Direction.SLANTED
        if matrix.a == 0 and matrix.b == 0:
            return Direction.SLANTED
        # PDF space runs counter-clockwise with y up; display angles run clockwise.
        clockwise = (-math.atan2(matrix.b, matrix.a)) % (2 * math.pi)
        return _direction_of_angle(clockwise, self._rotation)


def _direction_of_angle(radians: float, rotation: int) -> Direction:
    # pdfium measures the character angle clockwise as displayed (text reading upwards is 270 degrees);
    # the page's /Rotate turns it further clockwise. A negative angle means pdfium could not tell.
    degrees = ((math.degrees(radians) if radians >= 0 else 0.0) + rotation) % 360.0
    nearest = round(degrees / 90.0) * 90 % 360
    if abs((degrees - nearest + 180.0) % 360.0 - 180.0) > _AXIS_TOLERANCE_DEGREES:
        return Direction.SLANTED
    return Direction(nearest)


def _union(one: PdfBox, other: PdfBox) -> PdfBox:
    return min(one[0], other[0]), min(one[1], other[1]), max(one[2], other[2]), max(one[3], other[3])


def _one_word(first: PdfBox, last: PdfBox, length: int) -> bool:
    """Whether a run's first and last characters sit where one word of that length would put them."""
    fl, fb, fr, ft = first
    ll, lb, lr, lt = last
    size = max(ft - fb, lt - lb, fr - fl, lr - ll)
    longest = length * _MAX_CHAR_ADVANCE * size + 1.0
    if min(ft, lt) - max(fb, lb) >= 0.5 * min(ft - fb, lt - lb):  # one row
        return max(fr, lr) - min(fl, ll) <= longest
    if min(fr, lr) - max(fl, ll) >= 0.5 * min(fr - fl, lr - ll):  # one column (sideways text)
        return max(ft, lt) - min(fb, lb) <= longest
    return False


def _starts_new_word(previous: PdfBox, current: PdfBox) -> bool:
    """Whether two characters that follow each other in the stream are too far apart to be one word."""
    pl, pb, pr, pt = previous
    cl, cb, cr, ct = current
    if min(pt, ct) - max(pb, cb) >= 0.5 * min(pt - pb, ct - cb):  # one row
        return max(cl - pr, pl - cr) > _MAX_GAP_IN_WORD * max(pt - pb, ct - cb)
    if min(pr, cr) - max(pl, cl) >= 0.5 * min(pr - pl, cr - cl):  # one column (sideways text)
        return max(cb - pt, pb - ct) > _MAX_GAP_IN_WORD * max(pr - pl, cr - cl)
    return True
