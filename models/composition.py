"""What a sheet says about the substances in it: Section 3 rows and Section 11 acute toxicity values.

Every value keeps what was printed next to what was read from it, with the extractor's confidence and the
evidence, so an expert can check a classification proposal built from them.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from models.evidence import Evidence


class ConcentrationRange(BaseModel):
    """A printed concentration as numbers: ``">= 10 - < 20 %"`` is 10 (inclusive) to 20 (exclusive) %.

    A single value ("25 %") has ``low == high``; an open bound ("< 0.1 %", "> 90 %") is None.
    """

    printed: str
    low: float | None = Field(default=None, ge=0)
    high: float | None = Field(default=None, ge=0)
    low_inclusive: bool = True
    high_inclusive: bool = True
    unit: str = "%"

    @model_validator(mode="after")
    def _ordered(self) -> ConcentrationRange:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"concentration {self.printed!r}: low bound {self.low} above high {self.high}")
        return self

    @property
    def upper_bound(self) -> float | None:
        """The value the mixture rules use: the upper bound of a range (CLP: ranges at their worst case)."""
        return self.high if self.high is not None else self.low

    def as_percent(self) -> ConcentrationRange | None:
        """The same range in % (w/w); None when the unit cannot be converted (``mg/kg`` of what?)."""
        factor = PERCENT_FACTORS.get(self.unit.lower().replace(" ", ""))
        if factor is None:
            return None
        if factor == 1.0:
            return self
        return self.model_copy(
            update={
                "low": None if self.low is None else self.low * factor,
                "high": None if self.high is None else self.high * factor,
                "unit": "%",
            }
        )


# Units a printed concentration may carry, with the factor that turns them into % (w/w or as printed).
PERCENT_FACTORS: dict[str, float] = {
    "%": 1.0,
    "%w/w": 1.0,
    "%(w/w)": 1.0,
    "%wt": 1.0,
    "wt%": 1.0,
    "wt.%": 1.0,
    "gew.-%": 1.0,
    "gew%": 1.0,
    "masse-%": 1.0,
    "%m/m": 1.0,
    "%p/p": 1.0,
    "%(m/m)": 1.0,
    "%v/v": 1.0,
    "vol.-%": 1.0,
    "vol%": 1.0,
    "%vol": 1.0,
    "ppm": 1e-4,
    "mg/kg": 1e-4,
    "g/kg": 0.1,
    "ppb": 1e-7,
}


class ComponentHazard(BaseModel):
    """One hazard class/category of a component, as its row prints it (``"Skin Corr. 1B, H314"``).

    ``category`` is the CLP Annex VI code when printed ("Skin Corr. 1B"); ``h_code`` the statement code.
    Either may be missing: many sheets print only the H-code, some only the category.
    """

    category: str | None = None
    h_code: str | None = None
    printed: str = ""


class SpecificLimit(BaseModel):
    """A specific concentration limit printed for a component (``"Skin Irrit. 2; H315: C >= 5 %"``).

    The limit applies to the category (or H-code) named; ``low``/``high`` bound the concentration range in
    which the component gives the mixture that classification.
    """

    category: str | None = None
    h_code: str | None = None
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = False
    printed: str = ""


class ExposureRoute(StrEnum):
    ORAL = "oral"
    DERMAL = "dermal"
    INHALATION = "inhalation"


class InhalationForm(StrEnum):
    """What an inhalation value was measured on; the CLP categories differ per form."""

    GAS = "gas"
    VAPOUR = "vapour"
    DUST_MIST = "dust_mist"


class ToxicityMeasure(StrEnum):
    LD50 = "LD50"
    LC50 = "LC50"
    ATE = "ATE"


class AcuteToxicityValue(BaseModel):
    """An acute toxicity value from Section 11 (or a Section 3 ATE column).

    ``value`` is in ``unit`` (mg/kg bw for oral and dermal; mg/l or ppmV for inhalation); ``qualifier`` is
    ">" for a limit test ("LD50 > 2000 mg/kg"), "<" or "" for a point value.
    """

    measure: ToxicityMeasure
    route: ExposureRoute
    value: float = Field(gt=0)
    unit: str
    qualifier: str = ""
    species: str | None = None
    duration_hours: float | None = None
    inhalation_form: InhalationForm | None = None
    component_name: str | None = None
    component_cas: str | None = None
    printed: str = ""
    confidence: float = Field(ge=0.0, le=1.0, default=0.8)
    evidence: list[Evidence] = Field(default_factory=list)
