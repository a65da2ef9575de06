"""The one step list: names are unique, follow DESIGN.md's order, and are valid Step Functions state names."""

from __future__ import annotations

import re

from msds.pipeline.steps import RECEIVE, STEP_NAMES, STEPS

# DESIGN.md "Pipeline steps", in order. The pictogram/signature step (7) and Publish (10) are part of the
# design; where the list has them, they must stand in their place.
CORE_ORDER = ("Receive", "ReadText", "DetectLanguage", "Segment", "Extract", "Translate", "Validate", "Route")
_DESIGN_POSITION = {
    "Receive": 1,
    "ReadText": 2,
    "DetectLanguage": 3,
    "Segment": 4,
    "Extract": 5,
    "Translate": 6,
    "Validate": 8,
    "Route": 9,
    "Publish": 10,
}
_VISION_STEP = re.compile(r"^Detect(?:Pictograms|Signatures|PictogramsAndSignatures|Visuals)$")
# Step Functions state names: at most 80 characters; we keep to PascalCase letters and digits.
_STATE_NAME = re.compile(r"^[A-Z][A-Za-z0-9]{0,79}$")


def _design_position(name: str) -> int | None:
    if _VISION_STEP.match(name):
        return 7
    return _DESIGN_POSITION.get(name)


def test_step_names_are_unique() -> None:
    # Given the step names
    names = list(STEP_NAMES)
    # When duplicates are looked for
    duplicates = sorted({name for name in names if names.count(name) > 1})
    # Then there are none
    assert duplicates == []


def test_the_first_step_is_receive() -> None:
    # Given the step names
    # When the first one is read
    first = STEP_NAMES[0]
    # Then it is Receive, which the runner handles before walking the step classes
    assert first == RECEIVE == "Receive"
    assert RECEIVE not in [step.name for step in STEPS]


def test_the_steps_follow_the_design_order() -> None:
    # Given the step names and their places in DESIGN.md
    positions = {name: _design_position(name) for name in STEP_NAMES}
    # When they are read in list order
    unknown = [name for name, position in positions.items() if position is None]
    order = [position for position in positions.values() if position is not None]
    # Then every step is one of the design's, in the design's order, and none of the core steps is missing
    assert unknown == []
    assert order == sorted(order)
    assert [name for name in STEP_NAMES if name in CORE_ORDER] == list(CORE_ORDER)


def test_each_step_class_is_named_like_its_step() -> None:
    # Given the step objects the runner walks
    steps = list(STEPS)
    # When their names are compared with their classes and with the step list
    mismatched = {type(step).__name__: step.name for step in steps if type(step).__name__ != step.name}
    # Then each class carries its own name, and the list is Receive followed by the steps in order
    assert mismatched == {}
    assert (RECEIVE, *(step.name for step in steps)) == STEP_NAMES


def test_step_names_are_valid_state_machine_state_names() -> None:
    # Given the step names (they are the Step Functions state names)
    names = list(STEP_NAMES)
    # When each is checked against the state-name rules we keep
    invalid = [name for name in names if not _STATE_NAME.match(name)]
    # Then all are PascalCase letters and digits of at most 80 characters
    assert invalid == []
