"""Bounds on what a PDF's streams would cost to open, checked on the raw bytes before pdfium decodes them.

pdfium inflates a stream whole when it needs it, so a 2 MB file whose content stream inflates to 2 GiB
would need 2 GiB; and it builds about 200 bytes of bookkeeping per character when it reads a page's text,
so a page of megabytes of text needs gigabytes. Here every Flate stream that could inflate past the limit
(Flate reaches about 1032:1, once per FlateDecode of its filter chain), and every page content stream, is
inflated piece by piece without keeping the output; image XObjects may not declare more pixels than the
image limit; and a content stream (or all of them together) far longer than the text a page (or a
document) may hold has its text strings counted.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from msds.errors import ResourceLimitExceeded

# Deflate's best ratio: a 258-byte match coded in about two bits.
_FLATE_MAX_RATIO = 1032
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_FILTER_NAMES = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_WIDTH = re.compile(rb"/(?:Width|W)\s+(\d+)(?!\s+\d+\s+R)")
_HEIGHT = re.compile(rb"/(?:Height|H)\s+(\d+)(?!\s+\d+\s+R)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
# Streams that are not page content (form XObjects are drawn like content, so they count).
_NOT_CONTENT = re.compile(
    rb"/Type\s*/(?:XRef|ObjStm|Metadata|EmbeddedFile)\b|/Subtype\s*/(?!Form\b)|/Length[123]\b"
)
_LITERAL_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)", re.DOTALL)
_HEX_STRING = re.compile(rb"<[0-9A-Fa-f\s]*>")
_DICTIONARY_WINDOW = 8192
_CHUNK = 64 * 1024
_OUTPUT_STEP = 1024 * 1024
_FLATE = frozenset({b"FlateDecode", b"Fl"})
# A character shown by a CID font takes two bytes, and kerning splits strings: a content stream holding
# more than three bytes of text strings per character allowed is beyond any page.
_TEXT_BYTES_PER_CHAR = 3


@dataclass(frozen=True)
class _Stream:
    start: int
    end: int
    layers: int  # FlateDecode filters to undo (0: stored as is)


def check_pdf_streams(
    data: bytes,
    *,
    max_stream_bytes: int,
    max_image_pixels: int,
    max_page_chars: int | None = None,
    max_document_chars: int | None = None,
) -> None:
    """Raise ResourceLimitExceeded naming the limit: ``stream_bytes`` (a stream inflates past
    ``max_stream_bytes``), ``image_pixels`` (an image declares more than ``max_image_pixels``),
    ``page_chars`` / ``document_chars`` (the text strings of a content stream, or of all of them, are far
    beyond what a page or a document may hold; the exact counts are checked again when the text is read)."""
    content: list[tuple[_Stream, int]] = []
    position = 0
    while (match := _STREAM.search(data, position)) is not None:
        stream, dictionary = _locate(data, match)
        position = max(stream.end, match.end())
        if _IMAGE.search(dictionary):
            _check_image(dictionary, max_image_pixels)
        if stream.layers < 0:
            continue  # other filters than Flate: pdfium bounds those itself
        is_content = max_page_chars is not None and not _NOT_CONTENT.search(dictionary)
        risky = (
            stream.layers and (stream.end - stream.start) * _FLATE_MAX_RATIO**stream.layers > max_stream_bytes
        )
        if is_content or risky:
            size = _inflate(data, stream, max_stream_bytes)
            if is_content:
                content.append((stream, size))
    if max_page_chars is None:
        return
    page_bytes = _TEXT_BYTES_PER_CHAR * max_page_chars
    for stream, size in content:
        if size > page_bytes:  # only then can its strings be too long: count them
            strings = _inflate(data, stream, max_stream_bytes, _string_bytes)
            if strings > page_bytes:
                raise ResourceLimitExceeded(
                    "page_chars",
                    f"a page content stream shows about {strings:,} bytes of text; a page may hold "
                    f"{max_page_chars:,} characters (MSDS_MAX_PAGE_CHARS)",
                )
    if max_document_chars is None:
        return
    document_bytes = _TEXT_BYTES_PER_CHAR * max_document_chars
    if sum(size for _, size in content) > document_bytes:
        strings = sum(_inflate(data, stream, max_stream_bytes, _string_bytes) for stream, _ in content)
        if strings > document_bytes:
            raise ResourceLimitExceeded(
                "document_chars",
                f"the content streams show about {strings:,} bytes of text; a document may hold "
                f"{max_document_chars:,} characters (MSDS_MAX_DOCUMENT_CHARS)",
            )


def _locate(data: bytes, match: re.Match[bytes]) -> tuple[_Stream, bytes]:
    """The stream's data span and its dictionary (the text after the last ``obj`` keyword before it)."""
    window = data[max(0, match.start() - _DICTIONARY_WINDOW) : match.start()]
    found = window.rfind(b"obj")
    dictionary = window[found + 3 :] if found != -1 else window
    start = match.end()
    end = data.find(b"endstream", start)
    if end == -1:
        end = len(data)
    lengths = _LENGTH.findall(dictionary)
    if lengths and start + int(lengths[-1]) < end:
        end = start + int(lengths[-1])
    filters = _filters(dictionary)
    flate = sum(1 for name in filters if name in _FLATE)
    return _Stream(start, end, flate if flate == len(filters) else -1), dictionary


def _filters(dictionary: bytes) -> list[bytes]:
    found = _FILTER_NAMES.search(dictionary)
    if found is None:
        return []
    return _NAME.findall(found.group(1))


def _check_image(dictionary: bytes, max_pixels: int) -> None:
    widths, heights = _WIDTH.findall(dictionary), _HEIGHT.findall(dictionary)
    if not widths or not heights:
        return
    width, height = int(widths[0]), int(heights[0])
    if width * height > max_pixels:
        raise ResourceLimitExceeded(
            "image_pixels",
            f"an image in the PDF is {width:,} x {height:,} pixels; the limit is {max_pixels:,} "
            "(MSDS_MAX_IMAGE_PIXELS)",
        )


def _inflate(data: bytes, stream: _Stream, limit: int, measure: Callable[[bytes], int] = len) -> int:
    """Undo the stream's Flate layers piece by piece, raising past ``limit`` inflated bytes; return the
    sum of ``measure`` over the pieces (their length by default). A broken stream counts up to its break,
    where pdfium stops too."""
    if stream.layers == 0:
        return measure(data[stream.start : stream.end])
    decoders = [zlib.decompressobj() for _ in range(stream.layers)]
    inflated = 0
    measured = 0

    def feed(level: int, piece: bytes) -> None:
        nonlocal inflated, measured
        decoder = decoders[level]
        while piece and not decoder.eof:
            out = decoder.decompress(piece, _OUTPUT_STEP)
            piece = decoder.unconsumed_tail
            if level + 1 < len(decoders):
                feed(level + 1, out)
                continue
            inflated += len(out)
            measured += len(out) if measure is len else measure(out)
            if inflated > limit:
                raise ResourceLimitExceeded(
                    "stream_bytes",
                    f"a stream of the PDF inflates to more than {limit:,} bytes (MSDS_MAX_STREAM_BYTES)",
                )

    view = memoryview(data)
    try:
        for offset in range(stream.start, stream.end, _CHUNK):
            feed(0, bytes(view[offset : min(offset + _CHUNK, stream.end)]))
            if decoders[0].eof:
                break
    except zlib.error:
        pass
    return measured


def _string_bytes(content: bytes) -> int:
    """Bytes of the literal and hex strings of a piece of content stream (an upper bound on the characters
    it shows; a string cut at a piece's edge is counted in part)."""
    literal = sum(len(found) - 2 for found in _LITERAL_STRING.findall(content))
    hexadecimal = sum((len(found) - 2) // 2 for found in _HEX_STRING.findall(content))
    return literal + hexadecimal
