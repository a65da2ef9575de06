from __future__ import annotations

import numpy as np
from PIL import Image

from msds.vision.processing import (
    PICTOGRAM_INPUT,
    PICTOGRAM_LABELS,
    SIGNATURE_INPUT,
    CandidateBatch,
    non_max_suppression,
    pictogram_batch,
    pictogram_crops,
    pictogram_detections,
    signature_crops,
    signature_detections,
    working_page,
)
from msds.vision.proposals import box_iou, pictogram_candidates
from msds.vision.synthetic.drawings import drawn_pictogram


def _page_with(
    sprites: list[tuple[Image.Image, tuple[int, int]]], size: tuple[int, int] = (850, 1100)
) -> Image.Image:
    page = Image.new("RGB", size, "white")
    for sprite, (x, y) in sprites:
        page.paste(sprite.convert("RGB"), (x, y), sprite.getchannel("A"))
    return page


def test_a_page_rendered_above_the_working_resolution_is_reduced_and_boxes_map_back() -> None:
    # Given a page rendered at 200 dpi with one 160-pixel pictogram
    page = _page_with([(drawn_pictogram("GHS02", 160), (400, 600))], (1700, 2200))
    page.info["dpi"] = (200, 200)

    # When the page is prepared and candidates are cut out
    prepared = working_page(page)
    batch = pictogram_batch(prepared)

    # Then the working image is at about 100 dpi, and a candidate frames the pictogram in the page's pixels
    assert prepared.rgb.shape == (1100, 850, 3)
    assert abs(prepared.scale - 0.5) < 1e-6
    assert box_iou(np.array([400, 600, 560, 760], np.float32), batch.boxes).max() > 0.8


def test_crops_have_the_classifier_input_shapes_also_when_there_are_none() -> None:
    # Given an RGB page and two boxes, one partly off the page
    rgb = np.full((300, 400, 3), 255, np.uint8)
    boxes = np.array([[10, 10, 60, 60], [370, 250, 450, 330]], np.float32)

    # When crops are made for both classifiers, and for no boxes at all
    pictograms = pictogram_crops(rgb, boxes)
    signatures = signature_crops(rgb, boxes)
    none = pictogram_crops(rgb, np.zeros((0, 4), np.float32))

    # Then they have the input shapes, values within 0..1, and white paper is no ink for signatures
    assert pictograms.shape == (2, *PICTOGRAM_INPUT)
    assert signatures.shape == (2, *SIGNATURE_INPUT)
    assert none.shape == (0, *PICTOGRAM_INPUT)
    assert pictograms.min() >= 0.0 and pictograms.max() <= 1.0
    assert signatures.max() == 0.0


def test_touching_pictograms_in_a_row_each_get_a_candidate() -> None:
    # Given three pictograms touching corner to corner
    side = 70
    page = _page_with(
        [
            (drawn_pictogram(code, side), (100 + i * side, 200))
            for i, code in enumerate(("GHS02", "GHS05", "GHS07"))
        ]
    )

    # When candidates are proposed
    candidates = pictogram_candidates(np.asarray(page))

    # Then each pictogram is framed by a candidate
    for i in range(3):
        truth = np.array([100 + i * side, 200, 100 + (i + 1) * side, 200 + side], np.float32)
        assert box_iou(truth, candidates).max() > 0.6


def test_non_max_suppression_keeps_the_best_box_and_drops_overlapping_and_enclosed_ones() -> None:
    # Given a strong box, a weaker one overlapping it, one inside it, and one elsewhere
    boxes = np.array([[0, 0, 100, 100], [10, 5, 105, 100], [30, 30, 60, 60], [200, 0, 300, 100]], np.float32)
    scores = np.array([0.9, 0.8, 0.6, 0.7], np.float32)

    # When suppression runs
    kept = non_max_suppression(boxes, scores, 0.3)

    # Then the best box and the separate one are kept, best first
    assert kept.tolist() == [0, 3]


def test_logits_become_detections_with_codes_above_the_threshold_only() -> None:
    # Given three candidates: a confident GHS06, an unsure GHS02, and "none"
    boxes = np.array([[0, 0, 50, 50], [100, 0, 150, 50], [200, 0, 250, 50]], np.float32)
    batch = CandidateBatch(boxes, np.zeros((3, *PICTOGRAM_INPUT), np.float32))
    logits = np.full((3, len(PICTOGRAM_LABELS)), -5.0, np.float32)
    logits[0, PICTOGRAM_LABELS.index("GHS06")] = 6.0
    logits[1, PICTOGRAM_LABELS.index("GHS02")] = 0.1
    logits[1, PICTOGRAM_LABELS.index("GHS03")] = 0.0
    logits[1, 0] = 0.05
    logits[2, 0] = 6.0

    # When they are turned into detections
    detections = pictogram_detections(batch, logits)

    # Then only the confident pictogram is reported, with its box and a probability
    assert [d.code for d in detections] == ["GHS06"]
    assert tuple(detections[0].box) == (0.0, 0.0, 50.0, 50.0)
    assert 0.99 < detections[0].score <= 1.0


def test_signature_logits_become_one_detection_per_region() -> None:
    # Given two overlapping signature candidates and one printed-text candidate
    boxes = np.array([[0, 0, 120, 40], [5, 2, 125, 42], [0, 100, 200, 120]], np.float32)
    batch = CandidateBatch(boxes, np.zeros((3, *SIGNATURE_INPUT), np.float32))
    logits = np.array([[-3.0, 3.0], [-2.0, 2.0], [3.0, -3.0]], np.float32)

    # When they are turned into detections
    detections = signature_detections(batch, logits)

    # Then the best of the overlapping pair is the one detection
    assert [tuple(d.box) for d in detections] == [(0.0, 0.0, 120.0, 40.0)]
