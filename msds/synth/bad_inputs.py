"""Files the pipeline must reject (or handle) with a named reason, as bytes for tests.

Each function is deterministic: the same call gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def empty_file() -> bytes:
    """Zero bytes."""
    return b""


def pdf_with_pages(count: int, text: str = "Page") -> bytes:
    """A valid PDF with exactly `count` pages, each carrying a line of text (for page-limit tests)."""
    if count < 1:
        raise ValueError("a PDF needs at least one page")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    for number in range(1, count + 1):
        canvas.setFont("Helvetica", 14)
        canvas.drawString(72, 760, f"{text} {number} of {count}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def truncated_pdf(source: bytes | None = None, keep_fraction: float = 0.5) -> bytes:
    """The first part of a valid PDF: the header is there, the cross-reference table and %%EOF are not."""
    data = source if source is not None else pdf_with_pages(3)
    cut = max(16, int(len(data) * keep_fraction))
    truncated = data[:cut]
    return truncated.split(b"%%EOF")[0].split(b"xref")[0]


def corrupt_pdf() -> bytes:
    """Starts with a PDF header, then bytes that are no PDF structure at all."""
    noise = bytes((i * 73 + 41) % 251 for i in range(4096))
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + noise.replace(b"obj", b"ojb") + b"\n%%EOF\n"


def encrypted_pdf(user_password: str = "secret", owner_password: str = "owner-secret") -> bytes:
    """A one-page PDF encrypted with the standard security handler (opening needs the user password)."""
    buffer = io.BytesIO()
    encryption = StandardEncryption(user_password, ownerPassword=owner_password, strength=128)
    canvas = Canvas(buffer, pagesize=A4, encrypt=encryption, invariant=True)
    canvas.setFont("Helvetica", 14)
    canvas.drawString(72, 760, "SAFETY DATA SHEET (encrypted)")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def xfa_pdf(needs_rendering: bool = True) -> bytes:
    """A minimal hand-written PDF whose AcroForm carries an /XFA stream (a dynamic XFA form by default)."""
    xdp = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">\n'
        b'<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/">\n'
        b'<subform name="form1" layout="tb"><field name="ProductName"/></subform>\n'
        b"</template>\n</xdp:xdp>\n"
    )
    content = b"BT /F1 14 Tf 72 760 Td (Please wait... this document needs an XFA-capable viewer.) Tj ET"
    rendering = b" /NeedsRendering true" if needs_rendering else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R" + rendering + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R"
        b" /Resources << /Font << /F1 7 0 R >> >> >>",
        b"<< /Fields [] /XFA 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(xdp) + xdp + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _assemble_pdf(objects)


def _assemble_pdf(objects: list[bytes]) -> bytes:
    """Write objects 1..n with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def zip_file() -> bytes:
    """A plain ZIP archive (magic bytes PK\\x03\\x04): not a supported document type."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("readme.txt", _ZIP_DATE), "not a safety data sheet\n")
    return buffer.getvalue()


def docx_file() -> bytes:
    """A minimal Word document (a ZIP container with word/document.xml): not a supported document type."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>SAFETY DATA SHEET</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", _ZIP_DATE), content_types)
        archive.writestr(zipfile.ZipInfo("word/document.xml", _ZIP_DATE), document)
    return buffer.getvalue()


def not_an_sds_pdf() -> bytes:
    """A valid text PDF that is not a safety data sheet (an invoice)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(72, 770, "INVOICE No. 2024-0815")
    canvas.setFont("Helvetica", 11)
    lines = (
        "Customer: Example Trading Ltd",
        "Item 1: Cleaning cloths, 200 pcs .......... 48.00 EUR",
        "Item 2: Delivery ........................ 12.50 EUR",
        "Total due within 30 days: 60.50 EUR",
    )
    for row, line in enumerate(lines):
        canvas.drawString(72, 730 - row * 18, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
