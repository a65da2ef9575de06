"""Small PDFs and page images made on the fly for the read-text tests (reportlab and Pillow only)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

A4 = (595.0, 842.0)
FONT_PATH = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"

SDS_LINES_EN: tuple[str, ...] = (
    "SAFETY DATA SHEET",
    "SECTION 1: Identification of the substance and of the company",
    "Product name: Acetone technical grade",
    "Supplier: Example Chemicals Limited, Manchester",
    "SECTION 2: Hazards identification",
    "Signal word: Danger",
    "H225 Highly flammable liquid and vapour.",
    "H319 Causes serious eye irritation.",
    "P210 Keep away from heat and open flames.",
    "SECTION 3: Composition and information on ingredients",
    "Acetone CAS number 67-64-1 concentration 100 percent",
)

SDS_LINES_DE: tuple[str, ...] = (
    "SICHERHEITSDATENBLATT",
    "ABSCHNITT 1: Bezeichnung des Stoffs und des Unternehmens",
    "Handelsname: Reinigungsmittel für die Industrie",
    "ABSCHNITT 2: Mögliche Gefahren",
    "Signalwort: Gefahr",
    "Flüssigkeit und Dampf leicht entzündbar.",
    "Verursacht schwere Augenreizung.",
    "Von Hitze und offenen Flammen fernhalten. Nicht rauchen.",
    "ABSCHNITT 3: Zusammensetzung und Angaben zu Bestandteilen",
)

FRENCH = """FICHE DE DONNÉES DE SÉCURITÉ
RUBRIQUE 1: Identification de la substance et de la société
Nom du produit: Solution de nettoyage industrielle
RUBRIQUE 2: Identification des dangers
Mention d'avertissement: Danger
Liquide et vapeurs très inflammables. Provoque une sévère irritation des yeux.
Tenir à l'écart de la chaleur et des flammes nues. Ne pas fumer."""

SPANISH = """FICHA DE DATOS DE SEGURIDAD
SECCIÓN 1: Identificación de la sustancia y de la empresa
Nombre del producto: Limpiador industrial concentrado
SECCIÓN 2: Identificación de los peligros
Palabra de advertencia: Peligro
Líquido y vapores muy inflamables. Provoca irritación ocular grave.
Mantener alejado del calor y de las llamas abiertas. No fumar."""

POLISH = """KARTA CHARAKTERYSTYKI
SEKCJA 1: Identyfikacja substancji i identyfikacja przedsiębiorstwa
Nazwa produktu: Przemysłowy środek czyszczący
SEKCJA 2: Identyfikacja zagrożeń
Hasło ostrzegawcze: Niebezpieczeństwo
Wysoce łatwopalna ciecz i pary. Działa drażniąco na oczy.
Przechowywać z dala od źródeł ciepła i otwartego ognia. Nie palić."""

KOREAN = """물질안전보건자료
1. 화학제품과 회사에 관한 정보
제품명: 공업용 세정제 (Industrial Cleaner IC-200)
2. 유해성·위험성
신호어: 위험
인화성 액체 및 증기. 눈에 심한 자극을 일으킴.
열·스파크·화염·고열로부터 멀리하시오. 금연.
CAS 번호 67-64-1 아세톤 (Acetone) 함유량 30 ~ 60 %"""

JAPANESE = """安全データシート
1. 化学品及び会社情報
製品名：工業用洗浄剤 (Industrial Cleaner IC-200)
2. 危険有害性の要約
注意喚起語：危険
引火性の高い液体及び蒸気。強い眼刺激。
熱、火花、裸火、高温のもののような着火源から遠ざけること。禁煙。
CAS番号 67-64-1 アセトン (Acetone) 含有量 30～60 %"""


@dataclass(frozen=True)
class Placed:
    """A string drawn at (x, y) in PDF points, y measured from the bottom as in PDF."""

    text: str
    x: float
    y: float
    size: float = 11.0


def text_pdf(
    pages: Sequence[Sequence[Placed]],
    *,
    rotation: int = 0,
    media_box: tuple[float, float, float, float] | None = None,
) -> bytes:
    """A born-digital PDF: each page draws its strings in the given order (the content-stream order)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for placed in pages:
        if rotation:
            pdf.setPageRotation(rotation)
        for item in placed:
            pdf.setFont("Helvetica", item.size)
            pdf.drawString(item.x, item.y, item.text)
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    if media_box is not None:
        data = _with_media_box(data, media_box)
    return data


def lines_pdf(pages: Sequence[Sequence[str]], size: float = 11.0) -> bytes:
    """A born-digital PDF with one column of lines per page, top to bottom."""
    return text_pdf(
        [
            [Placed(line, 60, A4[1] - 80 - index * size * 1.8, size) for index, line in enumerate(page)]
            for page in pages
        ]
    )


def _with_media_box(data: bytes, box: tuple[float, float, float, float]) -> bytes:
    document = pdfium.PdfDocument(data)
    for index in range(len(document)):
        page = document[index]
        page.set_mediabox(*box)
        page.close()
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def page_image(
    lines: Sequence[str],
    *,
    dpi: int = 300,
    size_pt: float = 12.0,
    width_in: float = 8.27,
    height_in: float = 11.69,
) -> Image.Image:
    """A white A4 page image with black text lines, as a clean scan at ``dpi`` would show it."""
    width, height = round(width_in * dpi), round(height_in * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_PATH), round(size_pt * dpi / 72))
    line_height = round(size_pt * 1.9 * dpi / 72)
    top = round(0.9 * dpi)
    for index, line in enumerate(lines):
        draw.text((round(0.8 * dpi), top + index * line_height), line, fill=0, font=font)
    image.info["dpi"] = (dpi, dpi)
    return image


def image_bytes(images: Sequence[Image.Image], image_format: str, dpi: int = 300) -> bytes:
    """Encode pages as PNG, JPEG or (multi-page) TIFF."""
    buffer = io.BytesIO()
    first, rest = images[0], list(images[1:])
    if image_format == "TIFF":
        first.save(
            buffer, format="TIFF", save_all=True, append_images=rest, dpi=(dpi, dpi), compression="tiff_lzw"
        )
    else:
        first.save(buffer, format=image_format, dpi=(dpi, dpi))
    return buffer.getvalue()


def scanned_pdf(images: Sequence[Image.Image], hidden_text: Sequence[str | None] | None = None) -> bytes:
    """A PDF whose pages are images (a scan); a page may also carry an invisible text layer, as OCR'd or
    badly converted scans do."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for index, image in enumerate(images):
        pdf.drawImage(ImageReader(image.convert("RGB")), 0, 0, width=A4[0], height=A4[1])
        text = hidden_text[index] if hidden_text else None
        if text:
            layer = pdf.beginText(60, A4[1] - 80)
            layer.setTextRenderMode(3)  # invisible
            layer.setFont("Helvetica", 11)
            for line in text.splitlines():
                layer.textLine(line)
            pdf.drawText(layer)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def shift_code_points(text: str, offset: int) -> str:
    """Every non-space character moved by ``offset`` code points, as a font whose glyph codes were
    written as character codes produces (offset -29: "Sicherheit" -> "6LFKHUKHLW")."""
    return "".join(char if char in " \n" else chr(ord(char) + offset) for char in text)


def shift_letters(text: str, offset: int) -> str:
    """Every ASCII letter moved ``offset`` places round the alphabet, case kept (what a shifted glyph
    encoding looks like when the result stays within the letters)."""
    out = []
    for char in text:
        if "a" <= char <= "z":
            out.append(chr((ord(char) - 97 + offset) % 26 + 97))
        elif "A" <= char <= "Z":
            out.append(chr((ord(char) - 65 + offset) % 26 + 65))
        else:
            out.append(char)
    return "".join(out)


def concatenate(*documents: bytes) -> bytes:
    """One PDF with the pages of all the given PDFs, in order."""
    merged = pdfium.PdfDocument.new()
    for data in documents:
        source = pdfium.PdfDocument(data)
        merged.import_pages(source)
        source.close()
    out = io.BytesIO()
    merged.save(out)
    merged.close()
    return out.getvalue()
