"""Hazard logic of the synthetic SDS generator: mixture codes, label elements, precautionary statements."""

from __future__ import annotations

import random

from msds.synth import hazards
from msds.synth.chemicals import chemical_by_key
from msds.synth.reference import precautionary_statements


def test_skull_and_crossbones_suppresses_the_exclamation_mark() -> None:
    # Given a toxic product that also causes drowsiness
    codes = ["H301", "H336"]
    # When its label elements are derived
    pictograms, signal = hazards.label_elements(codes)
    # Then GHS06 replaces GHS07 and the signal word is Danger
    assert pictograms == ["GHS06"]
    assert signal == "Danger"


def test_corrosion_suppresses_the_exclamation_mark_for_skin_and_eye_irritation() -> None:
    # Given a product causing serious eye damage and skin irritation
    codes = ["H315", "H318"]
    # When its label elements are derived
    pictograms, _ = hazards.label_elements(codes)
    # Then only GHS05 is shown
    assert pictograms == ["GHS05"]


def test_exclamation_mark_stays_next_to_corrosion_for_other_effects() -> None:
    # Given a corrosive product that also irritates the airways
    codes = ["H314", "H335"]
    # When its label elements are derived
    pictograms, signal = hazards.label_elements(codes)
    # Then both GHS05 and GHS07 are shown
    assert pictograms == ["GHS05", "GHS07"]
    assert signal == "Danger"


def test_respiratory_sensitiser_suppresses_the_exclamation_mark_for_skin_sensitisation() -> None:
    # Given a product that is a respiratory and skin sensitiser
    codes = ["H317", "H334"]
    # When its label elements are derived
    pictograms, _ = hazards.label_elements(codes)
    # Then GHS08 alone is shown
    assert pictograms == ["GHS08"]


def test_chronic_aquatic_category_2_has_a_pictogram_but_no_signal_word() -> None:
    # Given a product only toxic to aquatic life with long lasting effects
    codes = ["H411"]
    # When its label elements are derived
    pictograms, signal = hazards.label_elements(codes)
    # Then the environment pictogram is shown without a signal word
    assert pictograms == ["GHS09"]
    assert signal is None


def test_severe_codes_drop_their_weaker_siblings() -> None:
    # Given codes collected from several components
    collected = ["H226", "H225", "H319", "H315", "H314", "H412", "H410", "H361d", "H361f"]
    # When they are consolidated
    codes = hazards.consolidate(collected)
    # Then the most severe code of each class stays and the reprotoxic codes merge
    assert codes == ["H225", "H314", "H361fd", "H410"]


def test_a_component_below_the_cut_offs_passes_on_nothing() -> None:
    # Given acetone at 5 % in a mixture
    acetone = chemical_by_key("acetone")
    # When its contribution is computed
    codes = hazards.codes_for_component(acetone.h_codes, 5.0)
    # Then none of its irritation, narcotic or EUH codes reach the mixture
    assert codes == set()


def test_a_carcinogen_counts_from_a_tenth_of_a_percent() -> None:
    # Given benzene at 0.5 % in a mixture
    benzene = chemical_by_key("benzene")
    # When its contribution is computed
    codes = hazards.codes_for_component(benzene.h_codes, 0.5)
    # Then the mixture is a carcinogen and mutagen but nothing else comes from benzene
    assert codes == {"H340", "H350"}


def test_a_diluted_corrosive_becomes_an_irritant() -> None:
    # Given sodium hydroxide at 2 % in water
    caustic = chemical_by_key("sodium_hydroxide")
    # When its contribution is computed
    codes = hazards.codes_for_component(caustic.h_codes, 2.0)
    # Then the mixture irritates skin and eyes instead of being corrosive
    assert codes == {"H315", "H319"}


def test_acute_toxicity_codes_combine_into_the_official_statement() -> None:
    # Given a product toxic by all three routes and corrosive
    codes = ["H301", "H311", "H314", "H331"]
    # When the acute codes are combined
    combined = hazards.combine_acute_codes(codes)
    # Then they print as one official combined statement
    assert combined == ["H301+H311+H331", "H314"]


def test_flash_point_decides_the_flammable_liquid_code() -> None:
    # Given liquids with different flash and boiling points
    # When their flammability code is derived
    codes = [
        hazards.flammability_code(fp, bp)
        for fp, bp in ((-45, 35), (-20, 56), (40, 120), (61, 200), (None, 1))
    ]
    # Then CLP Annex I 2.6 is followed
    assert codes == ["H224", "H225", "H226", None, None]


def test_chosen_precautionary_codes_are_current_and_three_to_six() -> None:
    # Given every chemical's hazard codes as a product
    current = precautionary_statements()
    rng = random.Random(1)
    for key in ("acetone", "methanol", "sodium_hydroxide", "zinc_oxide", "nitrogen", "mdi", "formaldehyde"):
        h_codes = hazards.sort_codes(chemical_by_key(key).h_codes)
        # When precautionary statements are chosen
        p_codes = hazards.choose_p_codes(h_codes, rng)
        # Then there are 3 to 6, all current CLP statements, without a single code repeated in a combination
        assert 3 <= len(p_codes) <= 6, (key, p_codes)
        assert all(code in current for code in p_codes), (key, p_codes)
        combined_parts = {part for code in p_codes if "+" in code for part in code.split("+")}
        assert not combined_parts & {code for code in p_codes if "+" not in code}


def test_a_product_without_hazards_gets_no_precautionary_statements() -> None:
    # Given a product with no hazard codes
    # When precautionary statements are chosen
    p_codes = hazards.choose_p_codes([], random.Random(1))
    # Then there are none
    assert p_codes == []
