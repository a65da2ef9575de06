"""Hostile inputs: every kind of file (and of path) a batch must survive, each with the outcome it must get.

``write_hostile_inputs(folder)`` writes one input per kind into ``folder`` (and, for links that point out
of it, into a sibling folder) and returns the kinds with the paths written. Each kind names the outcome a
batch must give it: ``processed`` (a record: accepted or needs review), the named reason of a rejection or
failure (``truncated_file``, ``resource_limit``, ``unreadable_page``...), or the reason a path is not
processed at all (``fifo``, ``symlink``, ``hidden``...). The outcomes assume ``HOSTILE_SETTINGS`` (small
limits, so the suite stays fast). Everything is deterministic: the same call writes the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from msds.synth import bad_inputs

PROCESSED = "processed"

# The settings the expected outcomes assume (environment variables of the `msds process` run).
HOSTILE_SETTINGS: dict[str, str] = {
    "MSDS_MAX_FILE_BYTES": str(8 * 1024 * 1024),
    "MSDS_MAX_PAGES": "20",
    "MSDS_MAX_PAGE_CHARS": "20000",
    "MSDS_MAX_DOCUMENT_CHARS": "150000",
    "MSDS_MAX_IMAGE_PIXELS": "40000000",
    "MSDS_MAX_STREAM_BYTES": str(64 * 1024 * 1024),
    "MSDS_MAX_RENDER_PIXELS": "12000000",
    "MSDS_DOCUMENT_SECONDS": "25",
    "MSDS_OCR_DPI": "200",
    "MSDS_LANGUAGES": "en",
    "MSDS_TRANSLATOR": "catalog-only",
}

_SHEET_LINES = (
    "SAFETY DATA SHEET",
    "SECTION 1: Identification of the substance/mixture and of the company/undertaking",
    "1.1 Product identifier: Hostile Test Cleaner",
    "1.3 Supplier: Example Chemicals Ltd, 1 Test Road, Leeds, United Kingdom",
    "SECTION 2: Hazards identification",
    "Signal word: Danger",
    "H225 Highly flammable liquid and vapour.",
    "P210 Keep away from heat, hot surfaces, sparks, open flames and other ignition sources. No smoking.",
    "SECTION 3: Composition/information on ingredients",
    "Ethanol CAS 64-17-5 EC 200-578-6 50-100 %",
)


@dataclass(frozen=True)
class HostileKind:
    name: str
    expect: str
    description: str
    write: Callable[[Path, Path], Path]  # (folder, outside folder) -> the path written


@dataclass(frozen=True)
class WrittenInput:
    kind: HostileKind
    path: Path


# Building blocks ----------------------------------------------------------------------------------------


def sheet_pdf(title: str = "Hostile Test Cleaner", pages: int = 1) -> bytes:
    """A small born-digital sheet: the headings and statements of Sections 1 to 3."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(title)
    for page in range(pages):
        canvas.setFont("Helvetica", 10)
        for row, line in enumerate(_SHEET_LINES):
            canvas.drawString(50, 780 - row * 16, line.replace("Hostile Test Cleaner", title))
        canvas.drawString(50, 60, f"Page {page + 1} of {pages}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def assemble_pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """Objects 1..n with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref_at,
    )
    return bytes(out)


def stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def _text_content(lines: tuple[str, ...] = _SHEET_LINES, size: int = 10) -> bytes:
    parts = [b"BT /F1 %d Tf 14 TL 50 790 Td" % size]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        parts.append(b"(" + escaped.encode("latin-1") + b") '")
    parts.append(b"ET")
    return b"\n".join(parts)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def one_page_pdf(
    content: bytes | None = None,
    *,
    media_box: bytes = b"[0 0 595 842]",
    page_extra: bytes = b"",
    catalog_extra: bytes = b"",
    stream_extra: bytes = b"",
    more_objects: tuple[bytes, ...] = (),
) -> bytes:
    """A hand-written one-page PDF (catalog 1, pages 2, page 3, font 4, content 5, then ``more_objects``)."""
    body = _text_content() if content is None else content
    return assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box + b" /Contents 5 0 R"
            b" /Resources << /Font << /F1 4 0 R >> >>" + page_extra + b" >>",
            _FONT,
            stream(body, stream_extra),
            *more_objects,
        ]
    )


def flate_bomb(inflated: int) -> bytes:
    """A zlib stream of zeros that inflates to ``inflated`` bytes, built from one repeated full-flush
    block (fast to make; its checksum is not right, which no reader gets to)."""
    block_size = 1 << 20
    compressor = zlib.compressobj(9)
    head = compressor.compress(bytes(block_size)) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(bytes(block_size)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return head + block * (inflated // block_size - 1) + compressor.flush()


def _page_image(
    text: str = "SAFETY DATA SHEET  Product: Scanned Cleaner  H225", size=(900, 300)
) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate((text, "SECTION 2: Hazards identification", "Signal word: Danger")):
        draw.text((20, 20 + row * 40), line, fill=0)
    return image.resize((size[0] * 2, size[1] * 2))


def _encode(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height, with one small IDAT."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header is rewritten to declare width x height."""
    data = bytearray(_encode(Image.new("L", (16, 16), 200), "JPEG"))
    at = data.find(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


# Writers ------------------------------------------------------------------------------------------------


def _file(name: str | bytes, data: Callable[[], bytes]) -> Callable[[Path, Path], Path]:
    def write(folder: Path, outside: Path) -> Path:
        raw = name if isinstance(name, bytes) else name.encode()
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), raw)))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data())
        return path

    return write


def _sparse(name: str, size: int) -> Callable[[Path, Path], Path]:
    def write(folder: Path, outside: Path) -> Path:
        path = folder / name
        with path.open("wb") as handle:
            handle.write(b"%PDF-1.7\n")
            handle.truncate(size)
        return path

    return write


def _fifo(folder: Path, outside: Path) -> Path:
    path = folder / "pipe.pdf"
    os.mkfifo(path)
    return path


def _socket(folder: Path, outside: Path) -> Path:
    path = folder / "socket.pdf"
    with contextlib.closing(socket.socket(socket.AF_UNIX)) as server:
        server.bind(str(path))
    return path


def _link(name: str, target: Callable[[Path, Path], Path]) -> Callable[[Path, Path], Path]:
    def write(folder: Path, outside: Path) -> Path:
        path = folder / name
        path.symlink_to(target(folder, outside))
        return path

    return write


def _outside_file(folder: Path, outside: Path) -> Path:
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / "private.pdf"
    target.write_bytes(sheet_pdf("Private Sheet Outside The Folder"))
    return target


def _outside_folder(folder: Path, outside: Path) -> Path:
    target = outside / "linked-folder"
    target.mkdir(parents=True, exist_ok=True)
    (target / "linked.pdf").write_bytes(sheet_pdf("Sheet In A Linked Folder"))
    return target


def _looping_link(folder: Path, outside: Path) -> Path:
    first, second = folder / "loop-a.pdf", folder / "loop-b.pdf"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def _unreadable(folder: Path, outside: Path) -> Path:
    path = folder / "unreadable.pdf"
    path.write_bytes(sheet_pdf("Unreadable Sheet"))
    path.chmod(0)
    return path


def _hidden_folder(folder: Path, outside: Path) -> Path:
    path = folder / ".cache"
    path.mkdir()
    (path / "inside.pdf").write_bytes(sheet_pdf("Sheet In A Hidden Folder"))
    return path


def _duplicate(folder: Path, outside: Path) -> Path:
    path = folder / "copy-of-plain-sheet.pdf"
    path.write_bytes(sheet_pdf())
    return path


# PDF structures -----------------------------------------------------------------------------------------


def page_tree_cycle_pdf() -> bytes:
    return assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
            b" /Resources << /Font << /F1 4 0 R >> >> >>",
            _FONT,
            stream(_text_content()),
        ]
    )


def page_tree_deep_pdf(depth: int = 3000) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    page = depth + 2
    for number in range(2, depth + 2):
        kid = number + 1 if number < depth + 1 else page
        parent = b" /Parent %d 0 R" % (number - 1) if number > 2 else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (kid, parent))
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
        b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (depth + 1, depth + 4, depth + 3)
    )
    objects += [_FONT, stream(_text_content())]
    return assemble_pdf(objects)


def page_count_pdf(claimed: int) -> bytes:
    return assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % claimed,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
            b" /Resources << /Font << /F1 4 0 R >> >> >>",
            _FONT,
            stream(_text_content()),
        ]
    )


def no_pages_pdf() -> bytes:
    return assemble_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def _cut_in_the_middle() -> bytes:
    data = sheet_pdf(pages=3)
    third = len(data) // 3
    return data[:third] + data[2 * third :]


def without_eof_pdf() -> bytes:
    return sheet_pdf("Sheet Without End Marker").replace(b"%%EOF", b"")


def _junk_before_header() -> bytes:
    return b"X-Mailer: gateway\r\nContent-Type: application/pdf\r\n\r\n" + sheet_pdf("Sheet After Mail Junk")


def _junk_after_eof() -> bytes:
    return sheet_pdf("Sheet With Trailing Junk") + b"\n" + bytes(range(256)) * 8


def _wrong_xref_offsets() -> bytes:
    data = one_page_pdf()
    at = data.rfind(b"xref\n")
    table_end = data.find(b"trailer", at)
    table = data[at:table_end].replace(b" 00000 n", b" 00000 n").replace(b"00000000", b"00000099")
    return data[:at] + table + data[table_end:]


def _no_xref() -> bytes:
    data = one_page_pdf()
    return data[: data.rfind(b"xref\n")] + b"%%EOF\n"


def _huge_claimed_count() -> bytes:
    return page_count_pdf(1_000_000_000)


def _flate_bomb_pdf() -> bytes:
    return one_page_pdf(flate_bomb(96 * 1024 * 1024), stream_extra=b" /Filter /FlateDecode")


def _nested_flate_bomb_pdf() -> bytes:
    inner = flate_bomb(96 * 1024 * 1024)
    return one_page_pdf(zlib.compress(inner, 9), stream_extra=b" /Filter [/FlateDecode /FlateDecode]")


def image_bomb_pdf() -> bytes:
    image = stream(
        zlib.compress(bytes(1024)),
        b" /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode",
    )
    content = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
    return assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
            stream(content),
            image,
        ]
    )


def text_bomb_page() -> bytes:
    line = b"(Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.) '"
    body = b"BT /F1 1 Tf 1 TL 0 842 Td\n" + b"\n".join([line] * 70_000) + b"\nET"
    return one_page_pdf(zlib.compress(body, 6), stream_extra=b" /Filter /FlateDecode")


def _text_bomb_document() -> bytes:
    # Eleven pages of about 15,000 characters each: every page is within the page limit, the document
    # (165,000) is not.
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    words = "hazard statement precautionary flammable liquid vapour keep away from heat " * 3
    for _ in range(11):
        canvas.setFont("Helvetica", 3)
        for row in range(68):
            canvas.drawString(10, 830 - row * 12, words)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _too_many_pages() -> bytes:
    return bad_inputs.pdf_with_pages(21, "Sheet page")


def huge_page_pdf() -> bytes:
    return one_page_pdf(_text_content(size=200), media_box=b"[0 0 14400 14400]")


def _tiny_page() -> bytes:
    return one_page_pdf(b"BT /F1 1 Tf 0 0 Td (x) Tj ET", media_box=b"[0 0 1 1]")


def _inverted_box() -> bytes:
    return one_page_pdf(media_box=b"[595 842 0 0]")


def _zero_box() -> bytes:
    return one_page_pdf(media_box=b"[0 0 0 0]")


def _odd_rotation() -> bytes:
    return one_page_pdf(page_extra=b" /Rotate 45")


def _deep_nesting() -> bytes:
    nested = b"[" * 50_000 + b"]" * 50_000
    return one_page_pdf(page_extra=b" /Junk " + nested)


def _javascript() -> bytes:
    action = b"<< /S /JavaScript /JS (app.alert\\('hello'\\); this.exportDataObject\\({cName: 'x'}\\);) >>"
    return one_page_pdf(catalog_extra=b" /OpenAction 6 0 R", more_objects=(action,))


def _acroform() -> bytes:
    field = (
        b"<< /FT /Tx /T (Product) /V (Hostile Test Cleaner) /Rect [50 50 300 70] /Subtype /Widget /P 3 0 R >>"
    )
    return one_page_pdf(
        catalog_extra=b" /AcroForm << /Fields [6 0 R] /NeedAppearances true >>",
        page_extra=b" /Annots [6 0 R]",
        more_objects=(field,),
    )


def _attachment() -> bytes:
    embedded = stream(b"MZ\x90\x00 not really a program", b" /Type /EmbeddedFile")
    spec = b"<< /Type /Filespec /F (payload.exe) /EF << /F 6 0 R >> >>"
    return one_page_pdf(
        catalog_extra=b" /Names << /EmbeddedFiles << /Names [(payload.exe) 7 0 R] >> >>",
        more_objects=(embedded, spec),
    )


def _unknown_filter() -> bytes:
    return one_page_pdf(stream_extra=b" /Filter /NoSuchDecode")


def _ascii_hex_content() -> bytes:
    return one_page_pdf(_text_content().hex().encode() + b">", stream_extra=b" /Filter /ASCIIHexDecode")


def _missing_font() -> bytes:
    return assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(_text_content()),
        ]
    )


def _empty_content() -> bytes:
    return one_page_pdf(b"")


def _broken_content() -> bytes:
    return one_page_pdf(b"BT /F1 12 Tf ( unterminated string 0 0 Td ] } >> ET q q q")


def _pdf_version_two() -> bytes:
    return sheet_pdf("Sheet PDF 2").replace(b"%PDF-1.4", b"%PDF-2.0", 1)


def _shifted_glyphs() -> bytes:
    # The text layer says something else than the page shows (every letter moved on by three): OCR reads it.
    shifted = tuple("".join(chr(ord(c) + 3) if c.isalpha() else c for c in line) for line in _SHEET_LINES[:5])
    return one_page_pdf(_text_content(shifted, size=14))


def _scanned_pdf() -> bytes:
    image = _page_image()
    jpeg = _encode(image, "JPEG", quality=80)
    picture = stream(
        jpeg,
        b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /DCTDecode" % image.size,
    )
    content = b"q 545 0 0 182 25 600 cm /Im1 Do Q"
    return assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
            stream(content),
            picture,
        ]
    )


def _pdf_zip_polyglot() -> bytes:
    return sheet_pdf("Sheet With A Zip Appended") + bad_inputs.zip_file()


def _png_with_pdf_marker() -> bytes:
    data = _encode(_page_image(), "PNG")
    text = struct.pack(">I", 20) + b"tEXt" + b"Comment\x00%PDF-1.7 xxx"
    text += struct.pack(">I", zlib.crc32(text[4:]))
    return data[:33] + text + data[33:]


def _html_with_pdf_marker() -> bytes:
    return b"<!DOCTYPE html><html><body><p>Download: %PDF-1.7 sheet</p></body></html>\n"


def _svg_with_pdf_marker() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><text>%PDF-1.4 looks like a PDF</text></svg>\n'


def _gif() -> bytes:
    return _encode(Image.new("P", (8, 8)), "GIF")


def _random_bytes() -> bytes:
    return np.random.default_rng(10).integers(0, 256, 4096, dtype=np.uint8).tobytes()


def _utf16_text() -> bytes:
    return "SAFETY DATA SHEET\nProduct: Cleaner\n".encode("utf-16")


def _gzip_pdf() -> bytes:
    import gzip

    return gzip.compress(sheet_pdf(), mtime=0)


def _truncated_png() -> bytes:
    data = _encode(_page_image(), "PNG")
    return data[: len(data) // 2]


def _truncated_jpeg() -> bytes:
    data = _encode(_page_image(), "JPEG", quality=85)
    return data[: len(data) // 2]


def _png_bad_crc() -> bytes:
    data = bytearray(_encode(_page_image(), "PNG"))
    data[29:33] = b"\0\0\0\0"  # the IHDR chunk's checksum
    return bytes(data)


def _tiff_many_frames() -> bytes:
    frames = [Image.new("L", (64, 64), 255) for _ in range(21)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def _cmyk_jpeg() -> bytes:
    return _encode(_page_image().convert("CMYK"), "JPEG", quality=85)


def _sixteen_bit_png() -> bytes:
    pixels = (np.asarray(_page_image(), dtype=np.uint16) * 257).astype(np.uint16)
    return _encode(Image.fromarray(pixels), "PNG")


def _alpha_png() -> bytes:
    image = _page_image().convert("LA")
    return _encode(image, "PNG")


def _one_pixel_png() -> bytes:
    return _encode(Image.new("L", (1, 1), 0), "PNG")


def _strip_png() -> bytes:
    return _encode(Image.new("L", (20000, 2), 255), "PNG")


def _dense_pages() -> bytes:
    """Pages packed with random small characters: OCR grinds on each for tens of seconds (past the time
    limit) and would find more text than a page may hold."""
    rng = np.random.default_rng(5)
    letters = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    pages = []
    for _ in range(6):
        page = Image.new("L", (1700, 2300), 255)
        draw = ImageDraw.Draw(page)
        for top in range(0, 2300, 11):
            draw.text((5, top), "".join(rng.choice(letters, 280)), fill=0)
        pages.append(page.convert("1"))
    buffer = io.BytesIO()
    pages[0].save(
        buffer, format="TIFF", save_all=True, append_images=pages[1:], dpi=(200, 200), compression="group4"
    )
    return buffer.getvalue()


def _kinds() -> tuple[HostileKind, ...]:
    def kind(name: str, expect: str, description: str, write: Callable[[Path, Path], Path]) -> HostileKind:
        return HostileKind(name, expect, description, write)

    def pdf(name: str, expect: str, description: str, data: Callable[[], bytes]) -> HostileKind:
        return kind(name, expect, description, _file(f"{name}.pdf", data))

    return (
        # Names and paths
        kind("plain_sheet", PROCESSED, "a small valid sheet", _file("plain-sheet.pdf", sheet_pdf)),
        kind("duplicate_bytes", PROCESSED, "the same bytes under another name", _duplicate),
        kind(
            "name_not_utf8",
            PROCESSED,
            "a Latin-1 file name",
            _file(b"fiche-s\xe9curit\xe9.pdf", lambda: sheet_pdf("Fiche")),
        ),
        kind(
            "name_control_characters",
            PROCESSED,
            "newline and tab in the name",
            _file("line\nbreak\ttab.pdf", lambda: sheet_pdf("Control")),
        ),
        kind(
            "name_very_long",
            PROCESSED,
            "a 240-byte name",
            _file("n" * 236 + ".pdf", lambda: sheet_pdf("Long Name")),
        ),
        kind(
            "name_right_to_left_override",
            PROCESSED,
            "an RLO character hiding the extension",
            _file("sheet\u202efdp.exe", lambda: sheet_pdf("Rlo")),
        ),
        kind(
            "name_without_extension",
            PROCESSED,
            "no extension",
            _file("sheet-without-extension", lambda: sheet_pdf("No Extension")),
        ),
        kind(
            "name_wrong_extension",
            PROCESSED,
            "a PDF named .png",
            _file("really-a-pdf.png", lambda: sheet_pdf("Wrong Extension")),
        ),
        kind(
            "name_leading_dash",
            PROCESSED,
            "a name that looks like an option",
            _file("-rf.pdf", lambda: sheet_pdf("Dash")),
        ),
        kind("fifo", "fifo", "a named pipe", _fifo),
        kind("socket", "socket", "a Unix socket", _socket),
        kind(
            "symlink_to_outside_file",
            "symlink",
            "a link to a file outside the folder",
            _link("link-outside.pdf", _outside_file),
        ),
        kind("symlink_to_folder", "symlink", "a link to a folder", _link("linked-folder", _outside_folder)),
        kind(
            "symlink_dangling",
            "symlink",
            "a link to nothing",
            _link("dangling.pdf", lambda f, o: f / "no-such-target.pdf"),
        ),
        kind("symlink_loop", "symlink", "two links pointing at each other", _looping_link),
        kind("unreadable_file", "unreadable", "a file without read permission", _unreadable),
        kind(
            "hidden_file",
            "hidden",
            "a dot-named file",
            _file(".hidden-sheet.pdf", lambda: sheet_pdf("Hidden")),
        ),
        kind("hidden_folder", "hidden", "a dot-named folder", _hidden_folder),
        # Types
        kind("empty_file", "empty_file", "zero bytes", _file("empty.pdf", bad_inputs.empty_file)),
        kind("zip", "unsupported_type", "a ZIP archive", _file("archive.pdf", bad_inputs.zip_file)),
        kind("docx", "unsupported_type", "a Word document", _file("notes.docx", bad_inputs.docx_file)),
        kind(
            "plain_text", "unsupported_type", "text", _file("readme.txt", lambda: b"SAFETY DATA SHEET\n" * 20)
        ),
        kind(
            "html_with_pdf_marker",
            "unsupported_type",
            "HTML mentioning %PDF-",
            _file("page.pdf.html", _html_with_pdf_marker),
        ),
        kind(
            "svg_with_pdf_marker",
            "unsupported_type",
            "SVG containing %PDF-",
            _file("drawing.svg", _svg_with_pdf_marker),
        ),
        kind("gif", "unsupported_type", "a GIF image", _file("logo.gif", _gif)),
        kind("random_bytes", "unsupported_type", "noise", _file("noise.bin", _random_bytes)),
        kind("utf16_text", "unsupported_type", "UTF-16 text", _file("utf16.txt", _utf16_text)),
        kind("gzipped_pdf", "unsupported_type", "a gzip of a PDF", _file("sheet.pdf.gz", _gzip_pdf)),
        kind(
            "too_large",
            "too_large",
            "larger than the size limit (sparse)",
            _sparse("too-large.pdf", 9 * 1024 * 1024),
        ),
        kind("huge_sparse_file", "too_large", "a 1 GiB sparse file", _sparse("huge-sparse.pdf", 1 << 30)),
        # PDF structure
        pdf("truncated_pdf", "truncated_file", "the first half of a PDF", bad_inputs.truncated_pdf),
        pdf("corrupt_pdf", "corrupt_file", "a PDF header then noise", bad_inputs.corrupt_pdf),
        pdf("header_only", "truncated_file", "nothing but the header", lambda: b"%PDF-1.7\n"),
        pdf("encrypted_pdf", "encrypted_pdf", "needs a password", bad_inputs.encrypted_pdf),
        pdf(
            "encrypted_owner_only",
            PROCESSED,
            "encrypted with an empty user password",
            lambda: bad_inputs.encrypted_pdf(user_password=""),
        ),
        pdf("xfa_dynamic", "xfa_form", "a dynamic XFA form", bad_inputs.xfa_pdf),
        pdf("xfa_static", "xfa_form", "a static XFA form", lambda: bad_inputs.xfa_pdf(needs_rendering=False)),
        pdf("no_pages", "corrupt_file", "a page tree without pages", no_pages_pdf),
        pdf("page_tree_cycle", "unreadable_page", "a page tree containing itself", page_tree_cycle_pdf),
        pdf("page_tree_deep", "unreadable_page", "a page tree 3,000 levels deep", page_tree_deep_pdf),
        pdf("page_count_lies", "unreadable_page", "/Count 10 with one page", lambda: page_count_pdf(10)),
        pdf(
            "page_count_huge",
            PROCESSED,
            "/Count 1,000,000,000 with one page (pdfium counts the page)",
            _huge_claimed_count,
        ),
        pdf(
            "cut_in_the_middle",
            PROCESSED,
            "a third of the file cut out of its middle (pdfium rebuilds what is left)",
            _cut_in_the_middle,
        ),
        pdf("missing_eof_marker", PROCESSED, "a whole PDF without %%EOF", without_eof_pdf),
        pdf("junk_before_header", PROCESSED, "mail headers before %PDF-", _junk_before_header),
        pdf("junk_after_eof", PROCESSED, "bytes after %%EOF", _junk_after_eof),
        pdf("wrong_xref_offsets", PROCESSED, "a cross-reference table pointing nowhere", _wrong_xref_offsets),
        pdf("no_xref", PROCESSED, "no cross-reference table at all", _no_xref),
        pdf("too_many_pages", "too_many_pages", "21 pages, over the limit", _too_many_pages),
        pdf("flate_bomb", "resource_limit", "a content stream inflating to 96 MiB", _flate_bomb_pdf),
        pdf("nested_flate_bomb", "resource_limit", "a doubly compressed bomb", _nested_flate_bomb_pdf),
        pdf("image_bomb", "resource_limit", "an image declaring 100,000 x 100,000 pixels", image_bomb_pdf),
        pdf("text_bomb_page", "resource_limit", "5 MB of text on one page", text_bomb_page),
        pdf(
            "text_bomb_document",
            "resource_limit",
            "every page within the limit, the document over",
            _text_bomb_document,
        ),
        pdf("huge_page", PROCESSED, "a 200 x 200 inch page", huge_page_pdf),
        pdf("tiny_page", PROCESSED, "a 1 x 1 point page", _tiny_page),
        pdf("inverted_media_box", PROCESSED, "a media box upside down", _inverted_box),
        pdf("zero_media_box", PROCESSED, "a media box without area", _zero_box),
        pdf("odd_rotation", PROCESSED, "/Rotate 45", _odd_rotation),
        pdf("deep_nesting", PROCESSED, "arrays nested 50,000 deep", _deep_nesting),
        pdf("javascript", PROCESSED, "an OpenAction with JavaScript", _javascript),
        pdf("acroform", PROCESSED, "a form field (not XFA)", _acroform),
        pdf("attachment", PROCESSED, "an embedded executable", _attachment),
        pdf("unknown_filter", PROCESSED, "a content stream with an unknown filter", _unknown_filter),
        pdf("ascii_hex_content", PROCESSED, "an ASCIIHex content stream", _ascii_hex_content),
        pdf("missing_font", PROCESSED, "text without a font resource", _missing_font),
        pdf("empty_content", PROCESSED, "a page with nothing on it", _empty_content),
        pdf("broken_content", PROCESSED, "a content stream of bad syntax", _broken_content),
        pdf("pdf_version_2", PROCESSED, "a PDF 2.0 header", _pdf_version_two),
        pdf("shifted_glyphs", PROCESSED, "a text layer unlike the page (read by OCR)", _shifted_glyphs),
        pdf("scanned_pdf", PROCESSED, "an image-only page", _scanned_pdf),
        pdf("pdf_zip_polyglot", PROCESSED, "a PDF with a ZIP appended", _pdf_zip_polyglot),
        # Images
        kind(
            "png_with_pdf_marker",
            PROCESSED,
            "a PNG carrying %PDF- in a text chunk",
            _file("marked.png", _png_with_pdf_marker),
        ),
        kind("truncated_png", "truncated_file", "half a PNG", _file("half.png", _truncated_png)),
        kind("truncated_jpeg", "truncated_file", "half a JPEG", _file("half.jpg", _truncated_jpeg)),
        kind(
            "png_bad_checksum",
            "corrupt_file",
            "a PNG whose header checksum is wrong",
            _file("bad-crc.png", _png_bad_crc),
        ),
        kind(
            "png_pixel_bomb",
            "resource_limit",
            "a PNG declaring 50,000 x 50,000 pixels",
            _file("bomb.png", lambda: png_declaring(50_000, 50_000)),
        ),
        kind(
            "jpeg_pixel_bomb",
            "resource_limit",
            "a JPEG declaring 65,000 x 65,000 pixels",
            _file("bomb.jpg", lambda: _jpeg_declaring(65_000, 65_000)),
        ),
        kind(
            "tiff_too_many_pages",
            "too_many_pages",
            "a TIFF of 21 frames",
            _file("frames.tif", _tiff_many_frames),
        ),
        kind("cmyk_jpeg", PROCESSED, "a CMYK JPEG", _file("cmyk.jpg", _cmyk_jpeg)),
        kind("sixteen_bit_png", PROCESSED, "a 16-bit greyscale PNG", _file("deep.png", _sixteen_bit_png)),
        kind("alpha_png", PROCESSED, "a PNG with transparency", _file("alpha.png", _alpha_png)),
        kind("one_pixel_png", PROCESSED, "a 1 x 1 image", _file("dot.png", _one_pixel_png)),
        kind("strip_png", PROCESSED, "a 20,000 x 2 image", _file("strip.png", _strip_png)),
        kind(
            "slow_to_read",
            "resource_limit",
            "pages of dense random characters: OCR runs past the time limit (or the page text limit)",
            _file("dense.tif", _dense_pages),
        ),
    )


HOSTILE_KINDS: tuple[HostileKind, ...] = _kinds()


def write_hostile_inputs(folder: Path, outside: Path) -> list[WrittenInput]:
    """Write every kind into ``folder`` (links may point into ``outside``); return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    return [WrittenInput(kind, kind.write(folder, outside)) for kind in HOSTILE_KINDS]
