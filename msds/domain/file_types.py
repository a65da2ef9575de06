"""Recognise accepted file types by their content, never by their name."""

from __future__ import annotations

from models.document import MediaType

_SIGNATURES: tuple[tuple[bytes, MediaType], ...] = (
    (b"%PDF-", MediaType.PDF),
    (b"\x89PNG\r\n\x1a\n", MediaType.PNG),
    (b"\xff\xd8\xff", MediaType.JPEG),
    (b"II*\x00", MediaType.TIFF),
    (b"MM\x00*", MediaType.TIFF),
)

# Well-known types we can name in the rejection message.
_KNOWN_OTHERS: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "ZIP container (DOCX/XLSX/ODT or archive)"),
    (b"\xd0\xcf\x11\xe0", "legacy Microsoft Office document"),
    (b"GIF8", "GIF image"),
    (b"{\\rtf", "RTF document"),
    (b"<html", "HTML page"),
    (b"<!DOCTYPE", "HTML/XML document"),
    (b"<?xml", "XML document"),
    (b"<svg", "SVG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"BM", "BMP image"),
    (b"RIFF", "RIFF container (WebP image, audio or video)"),
)
# Markup may carry "%PDF-" in its text (an SVG or HTML page about PDFs): a file that opens as markup is not
# a PDF with leading junk.
_MARKUP = (b"<", b"\xef\xbb\xbf<")


def sniff_media_type(head: bytes) -> MediaType | None:
    """Return the media type of a file from its first bytes, or None if it is not an accepted type."""
    if head.startswith(b"%PDF-"):
        return MediaType.PDF
    for magic, media_type in _SIGNATURES:
        if head.startswith(magic):
            return media_type
    # PDF readers accept a header within the first 1024 bytes (after a mail gateway's junk, say); so do we,
    # unless the file starts as another known type or as markup.
    stripped = head.lstrip()
    if any(stripped.startswith(prefix) for prefix in _MARKUP) or any(
        stripped[: len(magic)].lower() == magic.lower() for magic, _ in _KNOWN_OTHERS
    ):
        return None
    if b"%PDF-" in head[:1024]:
        return MediaType.PDF
    return None


def describe_unknown(head: bytes) -> str:
    """A human name for a rejected file's type, for the error message."""
    stripped = head.lstrip()
    for magic, name in _KNOWN_OTHERS:
        if stripped[: len(magic)].lower() == magic.lower():
            return name
    if stripped and all(32 <= b < 127 or b in (9, 10, 13) for b in stripped[:512]):
        return "plain text"
    return "unknown binary data"
