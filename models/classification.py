"""A finished product's classification proposal by the CLP Annex I mixture rules, with its trail.

The proposal is never a final classification: ``status`` says so, and every rule applied is in ``trail`` with
the ingredients and the numbers behind it, for the expert who signs it off.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from models.composition import (
    AcuteToxicityValue,
    ComponentHazard,
    ConcentrationRange,
    ExposureRoute,
    InhalationForm,
    SpecificLimit,
)


class PhysicalState(StrEnum):
    SOLID = "solid"
    LIQUID = "liquid"
    GAS = "gas"


class MixtureIngredient(BaseModel):
    """One substance (or classified mixture used as an ingredient) with its share of the finished product.

    ``concentration`` is the share in the product (ranges are taken at their upper bound). ``unknown`` marks
    an ingredient nothing is known about (no supplier sheet): it counts as of unknown acute toxicity and
    unknown aquatic hazard. ``source`` says where the data came from (a BOM line, a sheet, a Section 3 row).
    """

    name: str
    cas: str | None = None
    concentration: ConcentrationRange
    hazards: list[ComponentHazard] = Field(default_factory=list)
    m_factor_acute: int | None = Field(default=None, ge=1)
    m_factor_chronic: int | None = Field(default=None, ge=1)
    specific_limits: list[SpecificLimit] = Field(default_factory=list)
    acute_toxicity: list[AcuteToxicityValue] = Field(default_factory=list)
    unknown: bool = False
    ph: float | None = Field(
        default=None, ge=0, le=14, description="The ingredient's pH where its sheet gives one (Table 3.2.4)."
    )
    acute_unknown_routes: list[ExposureRoute] = Field(
        default_factory=list, description="Routes for which nothing is known of this ingredient's toxicity."
    )
    source: str = ""


class Criteria(StrEnum):
    """Whose criteria the rules apply: CLP (the default), or UN GHS where it differs (acute toxicity
    category 5: ingredients up to 5 000 mg/kg count in the ATE formula)."""

    CLP = "clp"
    UN_GHS = "un_ghs"


class MixtureFacts(BaseModel):
    """What is known about the finished product itself (not derivable from its ingredients)."""

    physical_state: PhysicalState = PhysicalState.LIQUID
    inhalation_form: InhalationForm | None = Field(
        default=None, description="Default: vapour for liquids, dust/mist for solids, gas for gases."
    )
    kinematic_viscosity_mm2_s: float | None = Field(default=None, gt=0, description="At 40 °C (aspiration).")
    ph: float | None = Field(default=None, ge=0, le=14, description="The mixture's pH, where measured.")
    criteria: Criteria = Criteria.CLP

    @property
    def form(self) -> InhalationForm:
        if self.inhalation_form is not None:
            return self.inhalation_form
        return {
            PhysicalState.GAS: InhalationForm.GAS,
            PhysicalState.SOLID: InhalationForm.DUST_MIST,
        }.get(self.physical_state, InhalationForm.VAPOUR)


class TrailTerm(BaseModel):
    """One ingredient's part in a rule: the value it brings and what it adds to the rule's figure."""

    ingredient: str
    cas: str | None = None
    concentration: float
    classification: str | None = None
    value: float | None = None
    value_label: str | None = None
    contribution: float | None = None
    note: str | None = None


class RuleOutcome(StrEnum):
    CLASSIFIED = "classified"
    NOT_CLASSIFIED = "not_classified"
    LABEL_ONLY = "label_only"
    LISTED = "listed"


class RuleTrail(BaseModel):
    """One rule applied: which, to which ingredients, with which numbers, and what it gave."""

    rule_id: str
    hazard_class: str
    reference: str
    method: str
    terms: list[TrailTerm] = Field(default_factory=list)
    formula: str = ""
    figure: float | None = None
    threshold: str = ""
    outcome: RuleOutcome
    result: str | None = None
    notes: list[str] = Field(default_factory=list)


class ProposedHazard(BaseModel):
    """A hazard class and category the rules give the mixture, with the rule that gave it."""

    category: str
    h_code: str | None
    rule_id: str
    on_label: bool = True


class ListedPhysicalHazard(BaseModel):
    """A physical hazard of an ingredient, listed for the expert: mixtures are tested, never summed."""

    ingredient: str
    cas: str | None = None
    concentration: float
    category: str | None
    h_code: str | None


class SupplementalStatement(BaseModel):
    """A supplemental label statement (EUH208 with the names it needs, EUH210, the unknown-share ones)."""

    code: str | None
    text_en: str
    parameters: dict[str, str] = Field(default_factory=dict)
    rule_id: str


PROPOSAL_STATUS = "proposal_for_expert_sign_off"


class ClassificationProposal(BaseModel):
    """The mixture rules' answer for one finished product: label elements, and the trail behind them."""

    status: str = PROPOSAL_STATUS
    hazards: list[ProposedHazard] = Field(default_factory=list)
    h_codes: list[str] = Field(default_factory=list)
    pictograms: list[str] = Field(default_factory=list)
    signal_word: str | None = None
    p_codes: list[str] = Field(default_factory=list, description="At most six, per CLP Art. 28(3).")
    p_codes_considered: list[str] = Field(default_factory=list)
    supplemental: list[SupplementalStatement] = Field(default_factory=list)
    physical_hazards: list[ListedPhysicalHazard] = Field(default_factory=list)
    trail: list[RuleTrail] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    ingredients: list[MixtureIngredient] = Field(default_factory=list)

    @property
    def classified(self) -> bool:
        return bool(self.hazards)
