"""Official pictogram artwork: the SVG files of the PyPI package ``ghs-hazard-pictogram`` (MIT), rasterised
with cairosvg. Only the files are used, by their names (ghs01.svg .. ghs09.svg, and the ADR/DOT transport
labels class*.svg / division*.svg as hard negatives); the package's metadata has known errors."""

from __future__ import annotations

import importlib.util
import io
import random
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from msds.errors import MsdsError

_PACKAGE = "ghs_hazard_pictogram"
_RASTER_SIDE = 320


class ArtworkMissing(MsdsError):
    """The training extras (cairosvg, ghs-hazard-pictogram) are not installed."""

    code = "vision_artwork_missing"


def artwork_dir() -> Path:
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ArtworkMissing(f"install {_PACKAGE} (requirements-train.txt) to use the official artwork")
    folder = Path(next(iter(spec.submodule_search_locations))) / "pictograms"
    if not folder.is_dir():
        raise ArtworkMissing(f"{folder} is missing from the installed {_PACKAGE}")
    return folder


def ghs_svg_files() -> dict[str, Path]:
    """GHS01..GHS09 -> its SVG file."""
    folder = artwork_dir()
    return {f"GHS0{i}": folder / f"ghs0{i}.svg" for i in range(1, 10)}


def transport_svg_files() -> list[Path]:
    """The ADR/DOT transport class labels shipped beside the pictograms."""
    folder = artwork_dir()
    return sorted([*folder.glob("class*.svg"), *folder.glob("division*.svg")])


@cache
def rasterised(path: Path) -> Image.Image:
    """The SVG as an RGBA image, _RASTER_SIDE pixels on its longer side (cached per file)."""
    try:
        import cairosvg
    except ImportError as error:  # pragma: no cover - depends on the training extras
        raise ArtworkMissing("install cairosvg (requirements-train.txt) to rasterise the artwork") from error
    png = cairosvg.svg2png(url=str(path), output_width=_RASTER_SIDE, output_height=_RASTER_SIDE)
    return Image.open(io.BytesIO(png)).convert("RGBA")


def official_pictogram(code: str, size: int) -> Image.Image:
    """GHS pictogram `code` from the official artwork, size x size RGBA."""
    return rasterised(ghs_svg_files()[code]).resize((size, size), Image.Resampling.LANCZOS)


def official_transport_label(rng: random.Random, size: int) -> Image.Image:
    """A random transport class label from the official artwork, size x size RGBA."""
    return rasterised(rng.choice(transport_svg_files())).resize((size, size), Image.Resampling.LANCZOS)


def official_marine_pollutant_mark(rng: random.Random, size: int) -> Image.Image:
    """The transport 'environmentally hazardous substance' mark: the official GHS09 symbol, about as large
    and bold as in the red-framed pictogram, in a thin black or grey diamond instead of the red frame."""
    big = max(size, 160)
    pixels = np.asarray(official_pictogram("GHS09", big)).copy()
    red = (pixels[:, :, 0].astype(int) - pixels[:, :, 1] > 80) & (pixels[:, :, 3] > 0)
    pixels[red, :3] = 255
    symbol = Image.fromarray(pixels, "RGBA")
    if rng.random() < 0.4:  # bolder or thinner strokes than the GHS drawing
        edited = symbol.convert("RGB").filter(
            rng.choice((ImageFilter.MinFilter(3), ImageFilter.MaxFilter(3)))
        )
        edited = edited.convert("RGBA")
        edited.putalpha(symbol.getchannel("A"))
        symbol = edited
    shrink = rng.uniform(0.8, 1.05)
    symbol = symbol.resize((max(4, round(big * shrink)),) * 2, Image.Resampling.LANCZOS)
    out = Image.new("RGBA", (big, big), (255, 255, 255, 0))
    corners = [(big / 2, 0), (big - 1, big / 2), (big / 2, big - 1), (0, big / 2)]
    border = max(1, round(big * rng.uniform(0.015, 0.05)))
    grey = rng.randint(0, 130)
    ImageDraw.Draw(out).polygon(
        corners, fill=(255, 255, 255, 255), outline=(grey, grey, grey, 255), width=border
    )
    offset = (big - symbol.width) // 2
    if offset >= 0:
        out.alpha_composite(symbol, (offset, offset + round(big * rng.uniform(-0.03, 0.03))))
    else:
        crop = symbol.crop((-offset, -offset, -offset + big, -offset + big))
        out.alpha_composite(crop)
        ImageDraw.Draw(out).polygon(corners, outline=(grey, grey, grey, 255), width=border)
    out.putalpha(_diamond_mask(big))
    return out.resize((size, size), Image.Resampling.LANCZOS)


def _diamond_mask(size: int) -> Image.Image:
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).polygon(
        [(size / 2, 0), (size - 1, size / 2), (size / 2, size - 1), (0, size / 2)], fill=255
    )
    return mask
