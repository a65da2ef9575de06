"""Render content blocks to a PDF in one of four layouts, and report on which page each tagged fact landed.

(a) "SECTION 1: Title" bars, statements as "H225 Highly flammable ..." lines;
(b) numbered or "ABSCHNITT 1:" headings, statements in a two-column code/text table;
(c) compact: codes joined on one line ("H302-H315-H319" / "H302, H315") followed by the texts;
(d) statement texts only, no codes printed in Section 2.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import TableStyle

from msds.synth.content import (
    Block,
    Field,
    Heading,
    PageBreak,
    Pictograms,
    Signature,
    StatementList,
    Subheading,
    Table,
    Text,
    build_blocks,
    printed_date,
)
from msds.synth.documents import DocumentSpec
from msds.synth.phrases import format_date, term
from msds.synth.pictograms import PictogramDrawing, pictogram_png
from msds.synth.reference import section_headings
from msds.synth.signature import SignatureDrawing

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
FONT_FILES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
}
# Tags of facts printed in the page header: present on every page.
HEADER_TAGS = ("product", "revision", "version")


@dataclass
class RenderResult:
    """The PDF, its page count and the first page (1-based) on which each tag appears."""

    pdf: bytes
    pages: int
    tag_pages: dict[str, int] = field(default_factory=dict)


@cache
def register_fonts(family: str) -> tuple[str, str]:
    """Register a TrueType pair (DejaVu, else reportlab's Vera); returns the (regular, bold) font names."""
    regular_name, bold_name = f"Synth-{family}", f"Synth-{family}-Bold"
    regular_file, bold_file = FONT_FILES[family]
    paths = [_find_font(regular_file), _find_font(bold_file)]
    if paths[0] is None or paths[1] is None:
        import reportlab

        bundled = Path(reportlab.__file__).parent / "fonts"
        paths = [bundled / "Vera.ttf", bundled / "VeraBd.ttf"]
    pdfmetrics.registerFont(TTFont(regular_name, str(paths[0])))
    pdfmetrics.registerFont(TTFont(bold_name, str(paths[1])))
    pdfmetrics.registerFontFamily(
        regular_name, normal=regular_name, bold=bold_name, italic=regular_name, boldItalic=bold_name
    )
    return regular_name, bold_name


def _find_font(file_name: str) -> Path | None:
    for directory in FONT_DIRS:
        candidate = Path(directory) / file_name
        if candidate.is_file():
            return candidate
    return None


class Tagged(Flowable):
    """Wraps a flowable so the page it lands on can be recorded; never split across pages."""

    def __init__(self, inner: Flowable, tags: tuple[str, ...]) -> None:
        super().__init__()
        self.inner = inner
        self.synth_tags = tags

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 0)


class _TrackingDoc(SimpleDocTemplate):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tag_pages: dict[str, int] = {}

    def afterFlowable(self, flowable: Flowable) -> None:
        for tag in getattr(flowable, "synth_tags", ()):
            self.tag_pages.setdefault(tag, self.page)


class _Styles:
    def __init__(self, spec: DocumentSpec) -> None:
        self.regular, self.bold = register_fonts(spec.font_family)
        size = spec.font_size
        self.size = size
        self.body = ParagraphStyle(
            "body", fontName=self.regular, fontSize=size, leading=size * 1.25, spaceAfter=size * 0.25
        )
        self.bold_body = ParagraphStyle("bold", parent=self.body, fontName=self.bold)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=size * 0.85, leading=size * 1.05)
        self.sub = ParagraphStyle("sub", parent=self.body, fontName=self.bold, spaceBefore=size * 0.5)
        heading_size = size + (2 if spec.layout == "a" else 1.5)
        self.heading = ParagraphStyle(
            "heading",
            parent=self.body,
            fontName=self.bold,
            fontSize=heading_size,
            leading=heading_size * 1.3,
            spaceBefore=size * 0.9,
            spaceAfter=size * 0.4,
        )
        self.heading_bar = ParagraphStyle(
            "heading_bar", parent=self.heading, textColor=colors.white, spaceBefore=0, spaceAfter=0
        )
        self.cell = ParagraphStyle("cell", parent=self.body, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=self.bold)


def heading_text(spec: DocumentSpec, section: int) -> str:
    """The section heading as the layout prints it, from the official heading table."""
    prefix, title = section_headings()[(spec.language, section)]
    style = spec.heading_style
    if style == "number_dot_upper":
        return f"{section}. {title.upper()}"
    if style == "number_dash":
        return f"{section} - {title}"
    if style == "prefix_plain":
        if spec.language == "pt":
            prefix = "SEÇÃO"
        return f"{prefix} {section} {title}"
    if style == "prefix_dash":
        return f"{prefix} {section} - {title}"
    if style == "number_space":
        return f"{section} {title}"
    if style == "number_dot":
        return f"{section}. {title}"
    return f"{prefix} {section}: {title}"


def render_document(spec: DocumentSpec) -> RenderResult:
    """Lay the document out; two passes so the footer can print the total page count."""
    return render_blocks(spec, build_blocks(spec))


def render_blocks(spec: DocumentSpec, blocks: list[Block]) -> RenderResult:
    """Lay out the given blocks (a document's own, perhaps changed) in the document's layout and style."""
    first = _render(spec, blocks, total_pages=0)
    return _render(spec, blocks, total_pages=first.pages)


def _render(spec: DocumentSpec, blocks: list[Block], total_pages: int) -> RenderResult:
    styles = _Styles(spec)
    buffer = io.BytesIO()
    page_size = LETTER if spec.page_size == "letter" else A4
    doc = _TrackingDoc(
        buffer,
        pagesize=page_size,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=30 * mm,
        bottomMargin=20 * mm,
        title=f"{term('sds', spec.language)} {spec.product.name}",
        author=spec.supplier.name,
        invariant=True,
    )
    story: list[Flowable] = []
    for block in blocks:
        story.extend(_flowables(block, spec, styles, doc.width - 12))
    pages_seen: list[int] = []

    def on_page(canvas: Any, document: Any) -> None:
        pages_seen.append(document.page)
        _draw_header_footer(canvas, document, spec, styles, total_pages)

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    tag_pages = dict(doc.tag_pages)
    for tag in HEADER_TAGS:
        tag_pages[tag] = 1
    return RenderResult(buffer.getvalue(), len(pages_seen), tag_pages)


def _draw_header_footer(canvas: Any, doc: Any, spec: DocumentSpec, styles: _Styles, total: int) -> None:
    lang = spec.language
    width, height = doc.pagesize
    left, right = doc.leftMargin, width - doc.rightMargin
    canvas.saveState()
    top = height - 12 * mm
    canvas.setFont(styles.bold, styles.size + 2)
    canvas.drawString(left, top, term("sds", lang))
    canvas.setFont(styles.regular, styles.size * 0.8)
    canvas.drawString(left, top - styles.size * 1.2, term("according_to", lang))
    canvas.setFont(styles.bold, styles.size + 1)
    canvas.drawRightString(right, top, spec.product.name)
    line_y = top - styles.size * 2.0
    if spec.revision_in_header:
        parts = [
            f"{term('revision_date', lang)}: {printed_date(spec)}",
            f"{term('version', lang)}: {spec.version}",
        ]
        if spec.print_date is not None:
            parts.append(f"{term('print_date', lang)}: {format_date(spec.print_date, spec.date_style, lang)}")
        canvas.setFont(styles.regular, styles.size * 0.85)
        canvas.drawRightString(right, top - styles.size * 2.4, "   ".join(parts))
        line_y = top - styles.size * 3.2
    canvas.setStrokeColor(colors.grey if spec.layout != "a" else colors.HexColor("#1f3b73"))
    canvas.setLineWidth(0.8)
    canvas.line(left, line_y, right, line_y)
    bottom = 12 * mm
    canvas.line(left, bottom + styles.size * 1.3, right, bottom + styles.size * 1.3)
    canvas.setFont(styles.regular, styles.size * 0.8)
    canvas.drawString(left, bottom, spec.supplier.name)
    page_key = "page_of" if spec.layout in ("a", "d") else "page_short"
    page_text = term(page_key, lang).format(n=doc.page, m=total or "?")
    canvas.drawRightString(right, bottom, page_text)
    canvas.restoreState()


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _tag(flowable: Flowable, tags: tuple[str, ...]) -> Flowable:
    return Tagged(flowable, tags) if tags else flowable


def _flowables(block: Block, spec: DocumentSpec, styles: _Styles, width: float) -> list[Flowable]:
    if isinstance(block, Heading):
        return [_heading(block.section, spec, styles, width)]
    if isinstance(block, Subheading):
        return [_para(block.text, styles.sub)]
    if isinstance(block, Field):
        return [_tag(_field(block, spec, styles, width), block.tags)]
    if isinstance(block, Text):
        return [_tag(_para(block.text, styles.bold_body if block.bold else styles.body), block.tags)]
    if isinstance(block, StatementList):
        return _statement_list(block, spec, styles, width)
    if isinstance(block, Pictograms):
        return _pictograms(block, spec, styles, width)
    if isinstance(block, Table):
        return _table(block, spec, styles, width)
    if isinstance(block, Signature):
        inner = RLTable(
            [
                [_para(f"{block.label}:", styles.body), SignatureDrawing(block.seed)],
                ["", _para(block.name_line, styles.small)],
            ],
            colWidths=[width * 0.25, width * 0.5],
            hAlign="LEFT",
        )
        inner.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        return [Spacer(1, styles.size), Tagged(inner, ("signature",))]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    raise TypeError(f"unknown block {block!r}")


def _heading(section: int, spec: DocumentSpec, styles: _Styles, width: float) -> Flowable:
    text = heading_text(spec, section)
    tags = (f"section:{section}",)
    if spec.layout == "a":
        bar = RLTable([[_para(text, styles.heading_bar)]], colWidths=[width])
        bar.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#1f3b73")),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        bar.spaceBefore = styles.size
        bar.spaceAfter = styles.size * 0.4
        return Tagged(bar, tags)
    if spec.layout == "d":
        rule = RLTable([[_para(text, styles.heading)]], colWidths=[width])
        rule.setStyle(
            TableStyle(
                [("LINEBELOW", (0, 0), (-1, -1), 0.8, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
            )
        )
        rule.spaceBefore = styles.size
        return Tagged(rule, tags)
    return Tagged(_para(text, styles.heading), tags)


def _field(block: Field, spec: DocumentSpec, styles: _Styles, width: float) -> Flowable:
    if spec.layout in ("a", "d"):
        table = RLTable(
            [[_para(block.label, styles.cell), _para(block.value, styles.cell)]],
            colWidths=[width * 0.33, width * 0.67],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
                ]
            )
        )
        return table
    separator = " : " if spec.layout == "b" else ": "
    return Paragraph(f"<b>{escape(block.label)}</b>{separator}{escape(block.value)}", styles.body)


def _statement_list(
    block: StatementList, spec: DocumentSpec, styles: _Styles, width: float
) -> list[Flowable]:
    out: list[Flowable] = [_para(block.title, styles.bold_body)]

    def tags_for(code: str) -> tuple[str, ...]:
        if block.tag_prefix is None:
            return ()
        return (f"{block.tag_prefix}:{code.replace(' ', '')}",)

    if block.kind == "full_text" or spec.layout == "a":
        for code, text in block.items:
            out.append(_tag(Paragraph(f"<b>{escape(code)}</b> {escape(text)}", styles.body), tags_for(code)))
        return out
    if spec.layout == "b":
        for code, text in block.items:
            row = RLTable(
                [[_para(code, styles.cell_bold), _para(text, styles.cell)]],
                colWidths=[width * 0.22, width * 0.78],
            )
            row.setStyle(
                TableStyle(
                    [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
                )
            )
            out.append(_tag(row, tags_for(code)))
        return out
    if spec.layout == "c":
        codes = [code for code, _ in block.items]
        all_tags = tuple(t for code in codes for t in tags_for(code))
        out.append(_tag(_para(spec.joined_separator.join(codes), styles.bold_body), all_tags))
        for code, text in block.items:
            out.append(_tag(_para(text, styles.body), tags_for(code)))
        return out
    for code, text in block.items:
        out.append(_tag(_para(f"• {text}", styles.body), tags_for(code)))
    return out


def _pictograms(block: Pictograms, spec: DocumentSpec, styles: _Styles, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    label = term("pictograms", spec.language)
    if block.as_images:
        size = 17 * mm if spec.layout in ("a", "b") else 14 * mm
        cells: list[Flowable] = []
        for code in block.codes:
            if block.render == "raster":
                cells.append(Image(io.BytesIO(pictogram_png(code, 200)), width=size, height=size))
            else:
                cells.append(PictogramDrawing(code, size))
        rows: list[list[Any]] = [cells]
        if block.captions:
            rows.append([_para(caption, styles.small) for caption in block.captions])
        table = RLTable(rows, colWidths=[size + 6 * mm] * len(cells), hAlign="LEFT")
        table.setStyle(
            TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("LEFTPADDING", (0, 0), (-1, -1), 1)])
        )
        out.append(_para(label, styles.bold_body))
        out.append(Tagged(table, ("pictograms",)))
    if block.names_line:
        out.append(Tagged(_para(f"{label}: {block.names_line}", styles.body), ("pictograms",)))
    return out


def _table(block: Table, spec: DocumentSpec, styles: _Styles, width: float) -> list[Flowable]:
    widths = [width * w for w in block.widths]
    header = RLTable([[_para(h, styles.cell_bold) for h in block.header]], colWidths=widths)
    grid: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if spec.layout in ("b", "d"):
        grid.append(("GRID", (0, 0), (-1, -1), 0.4, colors.grey))
    else:
        grid.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey))
    header.setStyle(TableStyle([*grid, ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#e6e6e6"))]))
    out: list[Flowable] = [header]
    for row, tags in zip(block.rows, block.row_tags, strict=True):
        table = RLTable([[_para(cell, styles.cell) for cell in row]], colWidths=widths)
        table.setStyle(TableStyle(grid))
        out.append(_tag(table, tags))
    return out
