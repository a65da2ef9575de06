"""The AWS list prices of the cost estimate: the shipped ``msds/data/aws_prices.json``, or a file of yours."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from models.cost import Price, PriceBook
from msds.errors import PriceFileInvalid, PriceNotFound

SHIPPED_PRICES = "aws_prices.json"


def load_price_book(path: Path | None = None) -> PriceBook:
    """The price book in ``path``, or the one shipped with the product; PriceFileInvalid names what is
    wrong with a file that cannot be read or is not a price book."""
    where = str(path) if path is not None else f"msds/data/{SHIPPED_PRICES}"
    try:
        if path is None:
            text = resources.files("msds").joinpath("data", SHIPPED_PRICES).read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PriceFileInvalid(f"the price file {where} cannot be read: {error}") from error
    try:
        return PriceBook.model_validate_json(text)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'file'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise PriceFileInvalid(f"the price file {where} is not a price book: {problems}") from error


def price_of(book: PriceBook, key: str) -> Price:
    """The price ``key`` (e.g. ``sagemaker.realtime.ml.c6i.large``); PriceNotFound when the book has none."""
    price = book.prices.get(key)
    if price is None:
        raise PriceNotFound(f"the price file has no price {key!r} (add it, or change the deployment)")
    return price
