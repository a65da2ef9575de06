"""The CLP mixture rules on published worked examples, with the numbers written out.

Sources of the examples (read through the project's reference search; the figures are restated here):
- UN ST/SG/AC.10/C.4/2008/23, Annex 2: "Application of the criteria in paragraph 3.1.3.2" (ATEmix with an
  11 % share of unknown inhalation toxicity) and Example 3, "paragraph 3.1.3.6.1 (c)" (not classified).
- UN ST/SG/AC.10/C.4/2008/23: "Application of data for mixtures when additivity may not apply (paras
  3.2.3.3.4 and 3.3.3.3.4)" (skin: 4 % Skin Cat. 1 with pH 1.8, 5 % Skin Cat. 2).
- UN ST/SG/AC.10/C.4/2012/25: "Application of the summation methods when classification information is
  available for some or all of the ingredients of a mixture" (aquatic, M-factor 10: Chronic 4).
- ECHA Helpdesk, "Mixture classification exercises" (2012): cut-off examples (0.8 % Skin Irrit. 2: not
  classified).
"""

from __future__ import annotations

import pytest

from models.classification import Criteria, MixtureFacts, MixtureIngredient, PhysicalState
from models.composition import (
    AcuteToxicityValue,
    ComponentHazard,
    ConcentrationRange,
    ExposureRoute,
    SpecificLimit,
    ToxicityMeasure,
)
from msds.domain.mixtures.categories import parse_classification
from msds.domain.mixtures.classify import classify_mixture


def at(value: float, high: float | None = None) -> ConcentrationRange:
    return ConcentrationRange(printed=f"{value} %", low=value, high=value if high is None else high)


def hazards(*pairs: str) -> list[ComponentHazard]:
    return [ComponentHazard(category=p.rsplit(" H", 1)[0], h_code="H" + p.rsplit(" H", 1)[1]) for p in pairs]


def ld50(route: ExposureRoute, value: float, unit: str = "mg/kg", qualifier: str = "") -> AcuteToxicityValue:
    measure = ToxicityMeasure.LC50 if route is ExposureRoute.INHALATION else ToxicityMeasure.LD50
    return AcuteToxicityValue(measure=measure, route=route, value=value, unit=unit, qualifier=qualifier)


ORAL, DERMAL, INHALATION = ExposureRoute.ORAL, ExposureRoute.DERMAL, ExposureRoute.INHALATION


def un_ate_example() -> list[MixtureIngredient]:
    """UN 2008/23 Annex 2, "Application of the criteria in paragraph 3.1.3.2"."""
    return [
        MixtureIngredient(
            name="Ingredient 1",
            concentration=at(26),
            acute_toxicity=[ld50(ORAL, 2737), ld50(DERMAL, 6480), ld50(INHALATION, 11, "mg/l")],
        ),
        MixtureIngredient(
            name="Ingredient 2",
            concentration=at(23),
            acute_toxicity=[
                ld50(ORAL, 4500),
                ld50(DERMAL, 6000, qualifier=">"),
                ld50(INHALATION, 19, "mg/l"),
            ],
        ),
        MixtureIngredient(
            name="Ingredient 3",
            concentration=at(11),
            acute_toxicity=[ld50(ORAL, 5000, qualifier=">")],
            acute_unknown_routes=[DERMAL, INHALATION],
        ),
        MixtureIngredient(
            name="Ingredient 4",
            concentration=at(40),
            acute_toxicity=[ld50(ORAL, 400), ld50(DERMAL, 2000, qualifier=">"), ld50(INHALATION, 4, "mg/l")],
        ),
    ]


def trail_of(proposal, rule_prefix: str, hazard_class: str | None = None):  # type: ignore[no-untyped-def]
    return next(
        t
        for t in proposal.trail
        if t.rule_id.startswith(rule_prefix) and (hazard_class is None or hazard_class in t.hazard_class)
    )


def test_the_un_atemix_example_with_an_unknown_share_gives_oral_4_and_inhalation_3_with_the_statement() -> (
    None
):
    # Given the UN example under UN GHS criteria (category 5 ingredients count: 2,737 and 4,500 mg/kg)
    ingredients = un_ate_example()
    # When it is classified
    proposal = classify_mixture(ingredients, MixtureFacts(criteria=Criteria.UN_GHS))
    # Then oral: 100 / ATEmix = 26/2,737 + 23/4,500 + 40/400, ATEmix = 873 mg/kg, category 4
    oral = trail_of(proposal, "ATE-MIX", "oral")
    assert oral.figure == pytest.approx(100 / (26 / 2737 + 23 / 4500 + 40 / 400))
    assert round(oral.figure) == 873
    assert oral.result == "Acute Tox. 4"
    # and inhalation (vapour): (100 - 11) / ATEmix = 26/11 + 23/19 + 40/4, ATEmix = 6.6 mg/l, category 3
    inhalation = trail_of(proposal, "ATE-MIX", "inhalation")
    assert inhalation.rule_id == "ATE-MIX-UNKNOWN"
    assert inhalation.figure == pytest.approx(89 / (26 / 11 + 23 / 19 + 40 / 4))
    assert round(inhalation.figure, 1) == 6.6
    assert inhalation.result == "Acute Tox. 3"
    # and the label: Danger, H331 and H302, and "11 % ... unknown acute toxicity"
    assert proposal.h_codes == ["H302", "H331"]
    assert proposal.signal_word == "Danger"
    assert proposal.pictograms == ["GHS06"]
    assert any(
        s.text_en.startswith("11 % of the mixture consists of ingredient(s) of unknown acute toxicity")
        for s in proposal.supplemental
    )


def test_under_clp_the_same_example_counts_only_ingredients_within_category_4() -> None:
    # Given the UN example under CLP (no category 5: 2,737 and 4,500 mg/kg are not in a category)
    ingredients = un_ate_example()
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then oral: 100 / ATEmix = 40/400, ATEmix = 1,000 mg/kg, still category 4; inhalation unchanged
    oral = trail_of(proposal, "ATE-MIX", "oral")
    assert oral.figure == pytest.approx(1000.0)
    assert oral.result == "Acute Tox. 4"
    assert trail_of(proposal, "ATE-MIX", "inhalation").result == "Acute Tox. 3"


def test_an_unknown_share_of_ten_percent_or_less_neither_corrects_the_formula_nor_needs_the_statement() -> (
    None
):
    # Given 40 % at 400 mg/kg oral and 10 % of an ingredient nothing is known about
    ingredients = [
        MixtureIngredient(name="A", concentration=at(40), acute_toxicity=[ld50(ORAL, 400)]),
        MixtureIngredient(name="B", concentration=at(10), unknown=True),
        MixtureIngredient(name="water", concentration=at(50)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then 100 / ATEmix = 40/400 (1,000 mg/kg), no statement; at 11 % the formula becomes (100 - 11) / ATEmix
    oral = trail_of(proposal, "ATE-MIX", "oral")
    assert oral.rule_id == "ATE-MIX" and oral.figure == pytest.approx(1000.0)
    assert not [s for s in proposal.supplemental if s.rule_id == "ATE-MIX-UNKNOWN"]
    ingredients[1] = ingredients[1].model_copy(update={"concentration": at(11)})
    corrected = trail_of(classify_mixture(ingredients), "ATE-MIX", "oral")
    assert corrected.figure == pytest.approx(890.0)


def test_the_un_example_3_mixture_is_not_classified_for_acute_oral_toxicity() -> None:
    # Given UN 2008/23 Annex 2 Example 3: 4 % Oral Cat. 4 (LD50 1,737), 5 % > 5,000, 5 % 5,400, 86 % limit
    ingredients = [
        MixtureIngredient(
            name="Ingredient 1",
            concentration=at(4),
            hazards=hazards("Acute Tox. 4 H302"),
            acute_toxicity=[ld50(ORAL, 1737)],
        ),
        MixtureIngredient(
            name="Ingredient 2", concentration=at(5), acute_toxicity=[ld50(ORAL, 5000, qualifier=">")]
        ),
        MixtureIngredient(name="Ingredient 3", concentration=at(5), acute_toxicity=[ld50(ORAL, 5400)]),
        MixtureIngredient(
            name="Ingredient 4", concentration=at(86), acute_toxicity=[ld50(ORAL, 2000, qualifier=">")]
        ),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then 100 / ATEmix = 4/1,737: ATEmix = 43,425 mg/kg, not classified
    oral = trail_of(proposal, "ATE-MIX", "oral")
    assert oral.figure == pytest.approx(43425.0)
    assert oral.result is None
    assert "H302" not in proposal.h_codes


def test_a_classified_ingredient_without_a_value_counts_with_its_converted_point_estimate() -> None:
    # Given 10 % of an Acute Tox. 3 (oral) ingredient with no LD50 printed: ATE 100 mg/kg (Table 3.1.2)
    ingredients = [
        MixtureIngredient(name="A", concentration=at(10), hazards=hazards("Acute Tox. 3 H301")),
        MixtureIngredient(name="water", concentration=at(90)),
    ]
    # When it is classified
    oral = trail_of(classify_mixture(ingredients), "ATE-MIX", "oral")
    # Then 100 / ATEmix = 10/100: ATEmix = 1,000 mg/kg, category 4
    assert oral.terms[0].value == 100
    assert oral.figure == pytest.approx(1000.0)
    assert oral.result == "Acute Tox. 4"


def test_the_un_skin_example_gives_skin_irritation_by_summation_and_corrosion_for_an_extreme_ph() -> None:
    # Given UN 2008/23 (paras 3.2.3.3.4): 4 % Skin Corr. 1 (pH 1.8), 5 % Skin Irrit. 2, 86 % no data
    corrosive = MixtureIngredient(
        name="Ingredient 1", concentration=at(4), hazards=hazards("Skin Corr. 1 H314")
    )
    ingredients = [
        corrosive,
        MixtureIngredient(name="Ingredient 2", concentration=at(5), hazards=hazards("Skin Irrit. 2 H315")),
        MixtureIngredient(name="Ingredient 4", concentration=at(86)),
    ]
    # When additivity applies (no pH given for the ingredient)
    additive = classify_mixture(ingredients)
    # Then 4 % < 5 %: not corrosive; (10 x 4) + 5 = 45 % >= 10 %: Skin Irrit. 2
    corrosion = trail_of(additive, "SKIN-1")
    assert corrosion.figure == pytest.approx(4 / 5) and corrosion.result is None
    irritation = trail_of(additive, "SKIN-2c")
    assert irritation.figure == pytest.approx(4 / 1 + 5 / 10)
    assert "weighted sum 45 %" in irritation.notes[0]
    assert "H315" in additive.h_codes and "H314" not in additive.h_codes
    # and when the corrosive ingredient's pH of 1.8 is known, additivity may not apply: Skin Corr. 1 (the UN
    # example's answer), which also gives Eye Dam. 1 without H318 on the label
    ingredients[0] = corrosive.model_copy(update={"ph": 1.8})
    extreme = classify_mixture(ingredients)
    assert trail_of(extreme, "SKIN-NA-1").result == "Skin Corr. 1"
    assert "H314" in extreme.h_codes and "H318" not in extreme.h_codes
    assert extreme.signal_word == "Danger" and extreme.pictograms == ["GHS05"]


def test_skin_corrosion_sums_the_corrosive_ingredients_and_keeps_the_strictest_sub_category_reached() -> None:
    # Given 3 % Skin Corr. 1A and 3 % Skin Corr. 1B: 1A alone 3 % < 5 %, 1A + 1B = 6 % >= 5 %
    ingredients = [
        MixtureIngredient(name="A", concentration=at(3), hazards=hazards("Skin Corr. 1A H314")),
        MixtureIngredient(name="B", concentration=at(3), hazards=hazards("Skin Corr. 1B H314")),
        MixtureIngredient(name="water", concentration=at(94)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then Skin Corr. 1B (and Eye Dam. 1, not labelled beside H314)
    assert trail_of(proposal, "SKIN-1").figure == pytest.approx(6 / 5)
    assert [h.category for h in proposal.hazards if h.rule_id == "SKIN-1"] == ["Skin Corr. 1B", "Eye Dam. 1"]
    assert proposal.h_codes == ["H314"]


def test_a_specific_limit_overrides_the_generic_one_in_the_sum() -> None:
    # Given 2 % of a corrosive ingredient whose sheet prints "Skin Corr. 1B; H314: C >= 1.5 %"
    scl = SpecificLimit(
        category="Skin Corr. 1B", h_code="H314", low=1.5, printed="Skin Corr. 1B; H314: C >= 1.5 %"
    )
    ingredients = [
        MixtureIngredient(
            name="A", concentration=at(2), hazards=hazards("Skin Corr. 1B H314"), specific_limits=[scl]
        ),
        MixtureIngredient(name="water", concentration=at(98)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then 2/1.5 = 1.33 >= 1: Skin Corr. 1B, where the generic 5 % would have given only Skin Irrit. 2
    corrosion = trail_of(proposal, "SKIN-1")
    assert corrosion.rule_id == "SKIN-1-SCL"
    assert corrosion.figure == pytest.approx(2 / 1.5)
    assert "H314" in proposal.h_codes
    without = classify_mixture([ingredients[0].model_copy(update={"specific_limits": []}), ingredients[1]])
    assert "H314" not in without.h_codes and "H315" in without.h_codes


def test_ranges_are_taken_at_their_upper_bound() -> None:
    # Given a corrosive ingredient printed as "3 - 7 %": 7 % >= 5 % (at 3 % it would not be corrosive)
    ingredients = [
        MixtureIngredient(name="A", concentration=at(3, 7), hazards=hazards("Skin Corr. 1B H314")),
        MixtureIngredient(name="water", concentration=at(93)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then the sum is 7/5 and the mixture is corrosive
    assert trail_of(proposal, "SKIN-1").terms[0].concentration == 7
    assert "H314" in proposal.h_codes


def test_the_un_aquatic_example_with_an_m_factor_of_ten_is_chronic_4_only() -> None:
    # Given UN 2012/25: 0.01 % Acute 1/Chronic 1 (M 10), 1.0 % Chronic 2, 25.0 % Chronic 4, 73.99 % none
    ingredients = [
        MixtureIngredient(
            name="Ingredient 1",
            concentration=at(0.01),
            hazards=hazards("Aquatic Acute 1 H400", "Aquatic Chronic 1 H410"),
            m_factor_acute=10,
            m_factor_chronic=10,
        ),
        MixtureIngredient(
            name="Ingredient 2", concentration=at(1.0), hazards=hazards("Aquatic Chronic 2 H411")
        ),
        MixtureIngredient(
            name="Ingredient 3", concentration=at(25.0), hazards=hazards("Aquatic Chronic 4 H413")
        ),
        MixtureIngredient(name="Ingredient 4", concentration=at(73.99)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then Acute 1: 0.01 x 10 = 0.1 % < 25 %; Chronic 1: 0.1 %; Chronic 2: 10 x 10 x 0.01 + 1.0 = 2 %;
    # Chronic 3: 10 x 100 x 0.01 + 10 x 1.0 = 20 %; Chronic 4: 0.01 + 1.0 + 25.0 = 26.01 % >= 25 %
    figures = {t.rule_id: t.figure for t in proposal.trail if t.rule_id.startswith("AQ-")}
    assert figures["AQ-ACUTE-1"] == pytest.approx(0.1)
    assert figures["AQ-CHRONIC-1"] == pytest.approx(0.1)
    assert figures["AQ-CHRONIC-2"] == pytest.approx(2.0)
    assert figures["AQ-CHRONIC-3"] == pytest.approx(20.0)
    assert figures["AQ-CHRONIC-4"] == pytest.approx(26.01)
    assert proposal.h_codes == ["H413"]
    assert proposal.pictograms == [] and proposal.signal_word is None


def test_an_m_factor_multiplies_a_very_toxic_ingredient_into_chronic_1() -> None:
    # Given 3 % of an Aquatic Chronic 1 ingredient with M = 10: 10 x 3 = 30 % >= 25 %
    ingredients = [
        MixtureIngredient(
            name="A", concentration=at(3), hazards=hazards("Aquatic Chronic 1 H410"), m_factor_chronic=10
        ),
        MixtureIngredient(name="water", concentration=at(97)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then Chronic 1 (H410, GHS09, Warning)
    assert trail_of(proposal, "AQ-CHRONIC-1").figure == pytest.approx(30.0)
    assert proposal.h_codes == ["H410"]
    assert proposal.pictograms == ["GHS09"] and proposal.signal_word == "Warning"


def test_the_echa_cut_off_example_is_an_unclassified_mixture() -> None:
    # Given ECHA example 1: 9.2 % surfactant (LD50 > 5,000), 0.8 % thickener (Skin Irrit. 2, LD50 3,600)
    ingredients = [
        MixtureIngredient(
            name="Anionic surfactant", concentration=at(9.2), acute_toxicity=[ld50(ORAL, 5000, qualifier=">")]
        ),
        MixtureIngredient(
            name="Thickening agent",
            concentration=at(0.8),
            hazards=hazards("Skin Irrit. 2 H315"),
            acute_toxicity=[ld50(ORAL, 3600)],
        ),
        MixtureIngredient(name="Water", concentration=at(90)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then the irritant is below the 1 % cut-off: no hazard, no pictogram, no signal word, no EUH210
    assert trail_of(proposal, "SKIN-2c").terms[0].note == "below the 1 % cut-off"
    assert proposal.hazards == [] and proposal.h_codes == [] and proposal.pictograms == []
    assert proposal.signal_word is None and proposal.supplemental == []
    assert proposal.status == "proposal_for_expert_sign_off"


def test_a_sensitiser_below_its_limit_but_above_a_tenth_of_it_needs_euh208() -> None:
    # Given 0.5 % of a Skin Sens. 1 ingredient (limit 1 %, elicitation 0.1 %)
    ingredients = [
        MixtureIngredient(
            name="Limonene", cas="5989-27-5", concentration=at(0.5), hazards=hazards("Skin Sens. 1 H317")
        ),
        MixtureIngredient(name="water", concentration=at(99.5)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then not H317 but EUH208 naming it
    assert "H317" not in proposal.h_codes
    euh208 = next(s for s in proposal.supplemental if s.code == "EUH208")
    assert euh208.text_en == "Contains Limonene. May produce an allergic reaction."
    # and at 1 % the mixture is Skin Sens. 1 without EUH208
    ingredients[0] = ingredients[0].model_copy(update={"concentration": at(1.0)})
    classified = classify_mixture(ingredients)
    assert "H317" in classified.h_codes and not [s for s in classified.supplemental if s.code == "EUH208"]


def test_a_specific_limit_for_a_strong_sensitiser_classifies_at_a_trace() -> None:
    # Given 0.01 % of an isothiazolinone printed "Skin Sens. 1A; H317: C >= 0.0015 %"
    scl = SpecificLimit(
        category="Skin Sens. 1A", h_code="H317", low=0.0015, printed="Skin Sens. 1A; H317: C >= 0.0015 %"
    )
    ingredients = [
        MixtureIngredient(
            name="MIT", concentration=at(0.01), hazards=hazards("Skin Sens. 1A H317"), specific_limits=[scl]
        ),
        MixtureIngredient(name="water", concentration=at(99.99)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then Skin Sens. 1 by the specific limit (the generic 0.1 % for 1A would not classify)
    assert trail_of(proposal, "SENS").rule_id == "SENS-SCL"
    assert "H317" in proposal.h_codes


def test_cmr_stot_and_aspiration_follow_their_concentration_limits() -> None:
    # Given 0.2 % Carc. 1B, 2 % Repr. 2 (H361d), 5 % STOT SE 1 (H370), 12 % Asp. Tox. 1
    ingredients = [
        MixtureIngredient(name="benzene", concentration=at(0.2), hazards=hazards("Carc. 1B H350")),
        MixtureIngredient(name="toluene", concentration=at(2), hazards=hazards("Repr. 2 H361d")),
        MixtureIngredient(name="methanol", concentration=at(5), hazards=hazards("STOT SE 1 H370")),
        MixtureIngredient(name="heptane", concentration=at(12), hazards=hazards("Asp. Tox. 1 H304")),
        MixtureIngredient(name="rest", concentration=at(80.8)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then Carc. 1B (0.2 >= 0.1), no Repr. (2 < 3), STOT SE 2 (1 <= 5 < 10), Asp. Tox. 1 (12 >= 10)
    categories = {h.category for h in proposal.hazards}
    assert {"Carc. 1B", "STOT SE 2", "Asp. Tox. 1"} <= categories
    assert not any(c.startswith("Repr.") for c in categories)
    assert set(proposal.h_codes) >= {"H350", "H371", "H304"}
    assert proposal.signal_word == "Danger" and proposal.pictograms == ["GHS08"]


def test_stot_se_3_needs_twenty_percent_of_the_same_effect() -> None:
    # Given 15 % H336 and 10 % H335 ingredients: neither effect reaches 20 %
    ingredients = [
        MixtureIngredient(name="acetone", concentration=at(15), hazards=hazards("STOT SE 3 H336")),
        MixtureIngredient(name="ammonia", concentration=at(10), hazards=hazards("STOT SE 3 H335")),
        MixtureIngredient(name="water", concentration=at(75)),
    ]
    # When it is classified, and again with 25 % of the first
    first = classify_mixture(ingredients)
    ingredients[0] = ingredients[0].model_copy(update={"concentration": at(25)})
    second = classify_mixture(ingredients)
    # Then only the second is STOT SE 3 (H336); a category 3 ingredient never gives category 1 or 2
    assert "H336" not in first.h_codes and "H335" not in first.h_codes
    assert "H336" in second.h_codes and "H335" not in second.h_codes
    assert not {"H370", "H371"} & set(first.h_codes + second.h_codes)


def test_physical_hazards_are_listed_for_the_expert_and_never_computed() -> None:
    # Given 60 % of a Flam. Liq. 2 solvent in water
    ingredients = [
        MixtureIngredient(name="acetone", concentration=at(60), hazards=hazards("Flam. Liq. 2 H225")),
        MixtureIngredient(name="water", concentration=at(40)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients, MixtureFacts(physical_state=PhysicalState.LIQUID))
    # Then H225 is not proposed, but listed with the ingredient and its share
    assert "H225" not in proposal.h_codes
    assert [(p.ingredient, p.category, p.concentration) for p in proposal.physical_hazards] == [
        ("acetone", "Flam. Liq. 2", 60.0)
    ]
    assert trail_of(proposal, "PHYSICAL-LISTED").outcome == "listed"


def test_precedence_drops_the_exclamation_mark_beside_the_skull_and_p_codes_are_at_most_six() -> None:
    # Given a mixture that is Acute Tox. 3 (oral) by its ATE and Eye Irrit. 2
    ingredients = [
        MixtureIngredient(name="A", concentration=at(30), acute_toxicity=[ld50(ORAL, 60)]),
        MixtureIngredient(name="B", concentration=at(20), hazards=hazards("Eye Irrit. 2 H319")),
        MixtureIngredient(name="water", concentration=at(50)),
    ]
    # When it is classified
    proposal = classify_mixture(ingredients)
    # Then 100 / ATEmix = 30/60: 200 mg/kg, category 3; GHS06 only; six P-codes proposed, more considered
    assert trail_of(proposal, "ATE-MIX", "oral").figure == pytest.approx(200.0)
    assert proposal.h_codes == ["H301", "H319"]
    assert proposal.pictograms == ["GHS06"]
    assert len(proposal.p_codes) == 6 and set(proposal.p_codes) <= set(proposal.p_codes_considered)
    assert len(proposal.p_codes_considered) > 6


def test_a_printed_classification_is_read_into_categories_and_codes() -> None:
    # Given Section 3 classification texts as sheets print them
    texts = {
        "Flam. Liq. 2, H225; Eye Irrit. 2, H319; STOT SE 3, H336; EUH066": [
            ("Flam. Liq. 2", "H225"),
            ("Eye Irrit. 2", "H319"),
            ("STOT SE 3", "H336"),
            (None, "EUH066"),
        ],
        "Acute Tox. 3 *, H301+H311+H331": [
            ("Acute Tox. 3", "H301"),
            ("Acute Tox. 3", "H311"),
            ("Acute Tox. 3", "H331"),
        ],
        "Flam.Liq.2 Eye Irrit.2 STOT SE3 H225 H319 H336": [
            ("Flam. Liq. 2", "H225"),
            ("Eye Irrit. 2", "H319"),
            ("STOT SE 3", "H336"),
        ],
        "H302, H312": [(None, "H302"), (None, "H312")],
        # a code misprinted without its H, then a GHS-only category with its GHS-only code
        "Skin Irrit. 2 (315) Acute Tox. 5 (H303)": [("Skin Irrit. 2", "H315"), (None, "H303")],
        "Skin Irrit. 2 (H316)": [("Skin Irrit. 2", "H316")],
    }
    for text, expected in texts.items():
        # When it is parsed
        parsed = parse_classification(text)
        # Then each category has its code
        assert [(h.category, h.h_code) for h in parsed] == expected, text
