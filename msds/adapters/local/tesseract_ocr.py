"""OCR with Tesseract through tesserocr: deskew, orientation, words and lines with boxes and confidences."""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from models.text import PageText, TextSource
from msds.adapters.local.deskew import Rotation, estimate_skew, rotate
from msds.adapters.local.reading_order import (
    Direction,
    Token,
    join_words,
    order_into_lines,
    page_text,
    without_rule_marks,
)
from msds.errors import OcrUnavailable

TESSERACT_LANGUAGES: dict[str, str] = {
    "en": "eng",
    "de": "deu",
    "fr": "fra",
    "es": "spa",
    "it": "ita",
    "nl": "nld",
    "pt": "por",
    "pl": "pol",
    "ko": "kor",
    "ja": "jpn",
}
"""ISO 639-1 code -> Tesseract traineddata name, for the supported languages."""

KNOWN_TESSDATA_DIRS: tuple[str, ...] = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
# Scripts reported by Tesseract's orientation and script detection that our Latin models cannot read.
_CJK_SCRIPTS = frozenset({"Japanese", "Korean", "Hangul", "Han", "Hiragana", "Katakana"})
_DEFAULT_DPI = 300
# Skew below this is left alone: Tesseract copes, and rotating costs time and sharpness.
_MIN_DESKEW_DEGREES = 0.3
# Orientation detection is trusted from this confidence on (Tesseract's own scale; about 1-30).
_MIN_ORIENTATION_CONFIDENCE = 1.5


_MAX_LOADED_MODELS = 3
_LEPTONICA_SEVERITY_NONE = 6


def tesseract_name(language: str) -> str:
    """The Tesseract name for an ISO 639-1 code ('de' -> 'deu'); OcrUnavailable for unsupported ones."""
    code = language.strip().lower().split("-")[0]
    try:
        return TESSERACT_LANGUAGES[code]
    except KeyError:
        raise OcrUnavailable(f"no Tesseract language is configured for {language!r}") from None


def find_tessdata(explicit: str | Path | None = None) -> Path:
    """The tessdata directory: the explicit one, TESSDATA_PREFIX, tesserocr's default, or a known
    system location, whichever first holds eng.traineddata."""
    candidates: list[Path] = []
    if explicit is not None:
        candidates.append(Path(explicit))
    else:
        prefix = os.environ.get("TESSDATA_PREFIX")
        if prefix:
            candidates += [Path(prefix), Path(prefix) / "tessdata"]
        try:
            import tesserocr

            candidates.append(Path(tesserocr.get_languages()[0]))
        except (ImportError, RuntimeError):
            pass
        candidates += [Path(directory) for directory in KNOWN_TESSDATA_DIRS]
    for candidate in candidates:
        if (candidate / "eng.traineddata").is_file():
            return candidate
    searched = ", ".join(str(candidate) for candidate in candidates)
    raise OcrUnavailable(f"no Tesseract language data (eng.traineddata) found in: {searched}")


@dataclass(frozen=True)
class _Runtime:
    module: Any
    tessdata: Path
    installed: frozenset[str]
    psm: int
    script_languages: tuple[str, ...]
    detect_orientation: bool


@dataclass(frozen=True)
class _Reading:
    tokens: list[Token]
    confidence: float
    characters: int

    def better_than(self, other: _Reading) -> bool:
        # Confidence decides, but a reading that lost most of the text (a wrong turn that Tesseract
        # reads as a few confident specks) does not win.
        return self.confidence > other.confidence + 0.05 and self.characters >= 0.25 * other.characters


class TesseractOcr:
    """Implements msds.ports.OcrEngine with Tesseract (LSTM engine) via tesserocr.

    Per page: convert to greyscale; if the text lines run vertically, ask Tesseract's orientation
    detection (osd.traineddata) which way to turn it; level the skew (projection profile, +/-10 degrees);
    recognise with the requested languages plus English. When the mean confidence is low, orientation and
    script detection run once more: an upside-down page is turned and read again, and a page in Korean
    or Japanese script read with Latin models is read again with the CJK languages in
    ``script_languages`` (so a first page OCR'd in English still yields usable text for language
    detection). The better reading is kept.

    Pages of a document scanned sideways are mostly turned the same way: a sideways page that follows an
    earlier sideways page of the same document (a higher page number, no page 1 between them) is first
    read at that page's turn, without orientation detection; a reading below ``low_confidence`` takes
    the second look as any other page would, so a page turned the other way is still read upright.

    Boxes are pixels of the image given, whatever rotation was applied to read it; lines are built by
    baseline (msds.adapters.local.reading_order) like the text layer's. Confidences are 0..1; the page's
    mean confidence weights words by their length. One Tesseract instance per language combination is
    created on first use and reused; an instance is not thread-safe, so calls are serialised.
    """

    def __init__(
        self,
        tessdata: str | Path | None = None,
        *,
        page_segmentation: int | None = None,
        low_confidence: float = 0.6,
        script_languages: Sequence[str] = ("ko", "ja"),
        detect_orientation: bool = True,
    ) -> None:
        # Must precede the first import of tesserocr: an OpenMP-enabled libtesseract reads it when it loads,
        # and several worker processes each running multi-threaded OCR would fight for the cores.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        self._tessdata_hint = tessdata
        self._page_segmentation = page_segmentation
        self._low_confidence = low_confidence
        self._script_codes = tuple(script_languages)
        self._orientation_wanted = detect_orientation
        self._runtime: _Runtime | None = None
        self._apis: dict[str, Any] = {}
        self._lock = threading.RLock()
        # (page number, quarter turn) of the last sideways page read with confidence.
        self._sideways_turn: tuple[int, int] | None = None

    @property
    def tessdata(self) -> Path:
        return self._load().tessdata

    def installed_languages(self) -> list[str]:
        """ISO codes of the supported languages whose Tesseract data is installed."""
        installed = self._load().installed
        return [code for code, name in TESSERACT_LANGUAGES.items() if name in installed]

    def language_spec(self, languages: Sequence[str]) -> str:
        """Tesseract's language string for ISO codes: requested order, English last, no duplicates."""
        runtime = self._load()
        names = [tesseract_name(language) for language in languages]
        ordered = list(dict.fromkeys([*(name for name in names if name != "eng"), "eng"]))
        missing = [name for name in ordered if name not in runtime.installed]
        if missing:
            raise OcrUnavailable(
                f"Tesseract language data missing for {', '.join(missing)} in {runtime.tessdata}"
                " (install the tesseract-ocr-<lang> packages)"
            )
        return "+".join(ordered)

    def _load(self) -> _Runtime:
        # Tesseract is looked for on first use, so a host that never OCRs does not need it installed.
        with self._lock:
            if self._runtime is None:
                try:
                    import tesserocr
                except ImportError as error:
                    raise OcrUnavailable(f"tesserocr (Tesseract) is not installed: {error}") from error
                _quiet_leptonica(Path(tesserocr.__file__).parent)
                tessdata = find_tessdata(self._tessdata_hint)
                installed = frozenset(path.stem for path in tessdata.glob("*.traineddata"))
                self._runtime = _Runtime(
                    module=tesserocr,
                    tessdata=tessdata,
                    installed=installed,
                    psm=tesserocr.PSM.AUTO if self._page_segmentation is None else self._page_segmentation,
                    script_languages=tuple(
                        name
                        for name in (tesseract_name(code) for code in self._script_codes)
                        if name in installed
                    ),
                    detect_orientation=self._orientation_wanted and "osd" in installed,
                )
            return self._runtime

    @property
    def _rt(self) -> _Runtime:
        return self._load()

    def recognise(self, image: Image.Image, page_number: int, languages: Sequence[str]) -> PageText:
        spec = self.language_spec(languages)
        gray = image.convert("L")
        with self._lock:
            if page_number == 1:
                self._sideways_turn = None
            upright, turn, quarter, guessed = self._upright(gray, page_number)
            reading = self._read(upright, spec)
            confident = reading.confidence >= self._low_confidence
            if guessed and not confident:
                upright, turn, quarter, reading = self._unguessed(gray, upright, turn, quarter, reading, spec)
                confident = reading.confidence >= self._low_confidence
            if quarter:
                # Only a turn that read well at once is worth trying first on the next sideways page.
                self._sideways_turn = (page_number, quarter) if confident else None
            # A page where nothing was read (blank, or a picture) has nothing to turn or re-read.
            if not confident and reading.characters and self._rt.detect_orientation:
                reading, turn = self._second_look(upright, turn, reading, spec)
        lines = order_into_lines(reading.tokens)
        # Joined where the page was read upright: once the boxes are turned back to the image (a page
        # scanned sideways), the gaps between table columns no longer run along x.
        texts = [join_words(line) for line in lines]
        mapped = [[_map_token(token, turn) for token in line] for line in lines]
        page = page_text(
            mapped,
            number=page_number,
            width=float(image.width),
            height=float(image.height),
            source=TextSource.OCR,
            mean_confidence=reading.confidence,
            texts=texts,
        )
        # The quarter turns of the rotation (the rest is the levelled skew), for the steps that look at
        # the page image again (pictograms are found on the upright page).
        quarters = round(turn.degrees / 90.0) % 4
        return page.model_copy(update={"upright_turn": quarters * 90}) if quarters else page

    def close(self) -> None:
        """Release every Tesseract instance."""
        with self._lock:
            for api in self._apis.values():
                api.End()
            self._apis.clear()

    def _upright(self, gray: Image.Image, page_number: int) -> tuple[Image.Image, Rotation, int, bool]:
        """The levelled page, the rotation that made it, the quarter turn applied to a sideways page, and
        whether that turn was a guess (orientation detection unsure)."""
        estimate = estimate_skew(gray)
        quarter = 0
        guessed = False
        if estimate.sideways and self._rt.detect_orientation:
            earlier = self._sideways_turn
            if earlier is not None and earlier[0] < page_number:
                quarter = earlier[1]
            else:
                found, _ = self._orientation(gray)
                # Unsure which way: a quarter turn either way levels the lines, and a page that lands
                # upside down reads with low confidence, which sends it through the second look.
                quarter = 90 if found is None else found
                guessed = found is None
        image, turn = self._levelled(gray, quarter, None if quarter else estimate.angle)
        return image, turn, quarter, guessed

    def _levelled(self, gray: Image.Image, quarter: int, angle: float | None) -> tuple[Image.Image, Rotation]:
        """The page turned by ``quarter`` and levelled (by ``angle``, or as estimated after the turn)."""
        image, turn = rotate(gray, quarter)
        if angle is None:
            angle = estimate_skew(image).angle
        if abs(angle) >= _MIN_DESKEW_DEGREES:
            image, skew = rotate(image, angle)
            turn = turn.then(skew)
        return image, turn

    def _unguessed(
        self,
        gray: Image.Image,
        upright: Image.Image,
        turn: Rotation,
        quarter: int,
        reading: _Reading,
        spec: str,
    ) -> tuple[Image.Image, Rotation, int, _Reading]:
        """A guessed quarter turn that read poorly: the page may not be sideways at all (a sparse page, a
        few lines and a scanner's shadow, fools the line estimate) or be turned the other way. Each other
        turn is read too, and the best reading kept."""
        best = (upright, turn, quarter, reading)
        for other in (0, (quarter + 180) % 360):
            image, other_turn = self._levelled(gray, other, None)
            candidate = self._read(image, spec)
            if candidate.better_than(best[3]):
                best = (image, other_turn, other, candidate)
        return best

    def _second_look(
        self, upright: Image.Image, turn: Rotation, reading: _Reading, spec: str
    ) -> tuple[_Reading, Rotation]:
        found, script = self._orientation(upright)
        quarter = found or 0
        image, image_turn = upright, turn
        specs: list[str] = []
        if quarter:
            image, extra = rotate(upright, quarter)
            image_turn = turn.then(extra)
            specs.append(spec)
        if script in _CJK_SCRIPTS and self._rt.script_languages:
            names = spec.split("+")
            if not set(self._rt.script_languages) & set(names):
                specs.append("+".join([*self._rt.script_languages, *names]))
        best, best_turn = reading, turn
        for candidate_spec in specs:
            candidate = self._read(image, candidate_spec)
            if candidate.better_than(best):
                best, best_turn = candidate, image_turn
        return best, best_turn

    def _orientation(self, gray: Image.Image) -> tuple[int | None, str | None]:
        """(counter-clockwise degrees that make the page upright, or None when unsure; script name)."""
        api = self._api("osd", self._rt.module.PSM.OSD_ONLY)
        api.SetImage(gray)
        try:
            result = api.DetectOrientationScript()
        except RuntimeError:
            return None, None
        finally:
            api.Clear()
        if not result:
            return None, None
        degrees = int(result.get("orient_deg", 0)) % 360
        confident = float(result.get("orient_conf", 0.0)) >= _MIN_ORIENTATION_CONFIDENCE
        return (degrees if confident else None), result.get("script_name")

    def _read(self, image: Image.Image, spec: str) -> _Reading:
        api = self._api(spec, self._rt.psm)
        # No SetSourceResolution: telling Tesseract the render resolution made its page layout analysis
        # shred Korean pages into single glyphs (mean confidence 0.74 instead of 0.90 on the same image);
        # left alone it estimates the scale from the text itself.
        api.SetImage(image)
        try:
            api.Recognize()
            tokens = without_rule_marks(self._words(api))
        finally:
            api.Clear()
        characters = sum(len(token.text) for token in tokens)
        confidence = (
            sum(token.confidence * len(token.text) for token in tokens) / characters if characters else 0.0
        )
        return _Reading(tokens, confidence, characters)

    def _words(self, api: Any) -> list[Token]:
        level, line_level = self._rt.module.RIL.WORD, self._rt.module.RIL.TEXTLINE
        iterator = api.GetIterator()
        if iterator is None:
            return []
        tokens: list[Token] = []
        glue = False
        for word in self._rt.module.iterate_level(iterator, level):
            try:
                text = (word.GetUTF8Text(level) or "").strip()
            except RuntimeError:  # tesserocr raises for a word without text
                continue
            box = word.BoundingBox(level)
            if not text or box is None:
                continue
            x0, y0, x1, y1 = (float(value) for value in box)
            confidence = max(0.0, min(1.0, word.Confidence(level) / 100.0))
            # Tesseract splits unspaced scripts (Japanese, and Korean within a word) into several "words"
            # with no blank between them: glue them back, as the text layer has them.
            glue = bool(tokens) and not word.IsAtBeginningOf(line_level) and word.BlanksBeforeWord() == 0
            if glue:
                previous = tokens[-1]
                weight = len(previous.text)
                tokens[-1] = previous._replace(
                    text=previous.text + text,
                    x0=min(previous.x0, x0),
                    y0=min(previous.y0, y0),
                    x1=max(previous.x1, x1),
                    y1=max(previous.y1, y1),
                    confidence=(previous.confidence * weight + confidence * len(text)) / (weight + len(text)),
                )
            else:
                tokens.append(Token(text, x0, y0, x1, y1, Direction.RIGHT, confidence))
        return tokens

    def _api(self, spec: str, psm: int) -> Any:
        key = f"{spec}|{psm}"
        api = self._apis.pop(key, None)
        if api is None:
            # Each loaded language combination holds 50-150 MB; a long-running worker that meets many
            # languages keeps only the most recently used few.
            while len(self._apis) >= _MAX_LOADED_MODELS:
                oldest = next(iter(self._apis))
                self._apis.pop(oldest).End()
            try:
                api = self._rt.module.PyTessBaseAPI(
                    path=str(self._rt.tessdata) + os.sep,
                    lang=spec,
                    psm=psm,
                    oem=self._rt.module.OEM.LSTM_ONLY if spec != "osd" else self._rt.module.OEM.DEFAULT,
                )
            except RuntimeError as error:
                raise OcrUnavailable(
                    f"Tesseract cannot load {spec!r} from {self._rt.tessdata}: {error}"
                ) from error
        self._apis[key] = api  # (re)inserted last: the dict's order is the least-recently-used order
        return api


def _quiet_leptonica(package_dir: Path) -> None:
    """Silence Leptonica's stderr chatter ("Error in pixClipBoxToForeground: box not within image"), which
    Tesseract triggers on harmless edge cases and which would otherwise break the progress display.
    Real failures still surface: Tesseract reports them through its own return values."""
    libraries = sorted((package_dir.parent / "tesserocr.libs").glob("libleptonica*.so*")) or sorted(
        Path("/usr/lib").glob("*/liblept*.so*")
    )
    for library in libraries[:1]:
        try:
            ctypes.CDLL(str(library)).setMsgSeverity(_LEPTONICA_SEVERITY_NONE)
        except (OSError, AttributeError):
            return


def _map_token(token: Token, turn: Rotation) -> Token:
    if turn.degrees % 360 == 0:
        return token
    x0, y0, x1, y1 = turn.box_to_original(token.x0, token.y0, token.x1, token.y1)
    return token._replace(x0=x0, y0=y0, x1=x1, y1=y1)
