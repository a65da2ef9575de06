"""The product label as a PDF: Section 2 (classification, pictograms, signal word, statements) and the Section
3 table, in the label's language, marked as a proposal for expert sign-off.

Text is set in DejaVu (Latin, Greek and Cyrillic: every catalog language) where the system has it, else in
reportlab's bundled Vera (Latin only). The pictograms are drawn as simplified vector shapes; print real
labels with the official artwork.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from models.labels import ProductLabel
from msds.synth.pictograms import draw_pictogram

_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts")


@cache
def _fonts() -> tuple[str, str]:
    for directory in _FONT_DIRS:
        regular, bold = Path(directory) / "DejaVuSans.ttf", Path(directory) / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("Label", str(regular)))
            pdfmetrics.registerFont(TTFont("Label-Bold", str(bold)))
            return "Label", "Label-Bold"
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("Label", str(bundled / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("Label-Bold", str(bundled / "VeraBd.ttf")))
    return "Label", "Label-Bold"


class _Pictograms(Flowable):
    """The label's pictograms side by side."""

    def __init__(self, codes: list[str], size: float = 22 * mm) -> None:
        super().__init__()
        self.codes = codes
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (self.size + 4) * len(self.codes), self.size

    def draw(self) -> None:
        canvas: Any = self.canv
        for index, code in enumerate(self.codes):
            draw_pictogram(canvas, code, index * (self.size + 4), 0, self.size)


def label_pdf(label: ProductLabel) -> bytes:
    """The label as a one- or two-page A4 PDF."""
    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=11.5)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=11, leading=14, spaceBefore=6, spaceAfter=3)
    sub = ParagraphStyle("sub", fontName=bold, fontSize=9.5, leading=12, spaceBefore=4, spaceAfter=2)
    notice = ParagraphStyle("notice", parent=body, textColor=colors.HexColor("#9a3412"), fontName=bold)
    captions = label.captions
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{label.product_name} ({label.language})",
        author="msds",
        subject=label.notice,
    )

    def text(value: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(value), style)

    story: list[Flowable] = [
        text(
            f"{label.product_name} ({label.product_id})", ParagraphStyle("title", parent=heading, fontSize=13)
        ),
        text(label.notice, notice),
        Spacer(1, 4),
        text(label.headings["section_2"], heading),
        text(label.headings["section_2_1"], sub),
    ]
    if label.classification:
        story += [text(item.text) for item in label.classification]
    else:
        story.append(text(captions["not_classified"]))
    story.append(text(label.headings["section_2_2"], sub))
    if label.pictograms:
        story += [text(f"{captions['pictograms']}: {', '.join(label.pictograms)}"), Spacer(1, 2)]
        story.append(_Pictograms(label.pictograms))
        story.append(Spacer(1, 4))
    if label.signal_word:
        story.append(text(f"{captions['signal_word']}: {label.signal_word}", sub))
    if label.contains:
        story.append(text(f"{captions['contains']}: {', '.join(label.contains)}"))
    for caption, statements in (
        ("hazard_statements", label.hazard_statements),
        ("precautionary_statements", label.precautionary_statements),
        ("supplemental", label.supplemental),
    ):
        if not statements:
            continue
        story.append(text(captions[caption], sub))
        story += [text(f"{s.code} {s.text}" if s.code else s.text) for s in statements]
    story += [text(label.headings["section_3"], heading), text(label.headings["section_3_2"], sub)]
    if label.composition:
        header = [captions[key] for key in ("col_name", "col_cas", "col_concentration", "col_classification")]
        rows = [[text(h, ParagraphStyle("th", parent=body, fontName=bold)) for h in header]]
        rows += [
            [text(row.name), text(row.cas or "-"), text(row.concentration), text(row.classification)]
            for row in label.composition
        ]
        table = Table(rows, colWidths=[50 * mm, 24 * mm, 26 * mm, 74 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5e7eb")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    else:
        story.append(text(captions["not_classified"]))
    document.build(story)
    return out.getvalue()
