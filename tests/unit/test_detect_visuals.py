from models.common import Box
from models.record import Pictogram, PictogramSource
from models.steps import SectionSpan, Segmentation
from models.vision import PageVision, PictogramDetection, SignatureDetection
from msds.services.detect_visuals import (
    drop_repeated_signatures,
    merge_pictograms,
    pages_for_pictograms,
    pages_for_signatures,
    reference_page,
    signature_field,
)

_BOX = Box(x0=10, y0=10, x1=60, y1=60)


def _segmentation() -> Segmentation:
    return Segmentation(
        sections=[
            SectionSpan(number=1, heading="1", page=1, first_line=0, end_line=10, confidence=1.0),
            SectionSpan(number=2, heading="2", page=1, first_line=10, end_line=30, confidence=1.0),
            SectionSpan(number=3, heading="3", page=2, first_line=30, end_line=40, confidence=1.0),
            SectionSpan(number=16, heading="16", page=4, first_line=40, end_line=50, confidence=1.0),
        ]
    )


def test_only_the_pages_section_2_spans_are_rendered_for_pictograms() -> None:
    # Given Section 2 running from the end of page 1 onto page 2 of a five-page sheet
    page_of_line = [1] * 25 + [2] * 15 + [4] * 10
    # When the pages to render are chosen
    pages = pages_for_pictograms(_segmentation(), page_of_line, 5)
    # Then pages 1 and 2 are rendered, and no other
    assert pages == [1, 2]


def test_signatures_are_looked_for_on_section_16_and_the_last_page() -> None:
    # Given the same sheet
    page_of_line = [1] * 25 + [2] * 15 + [4] * 10
    # When the pages for signatures are chosen
    pages = pages_for_signatures(_segmentation(), page_of_line, 5)
    # Then Section 16's page and the last page are chosen
    assert pages == [4, 5]


def test_a_pictogram_named_in_text_and_shown_as_an_image_is_both() -> None:
    # Given GHS07 named in text and detected as an image, and GHS09 only detected
    text = [Pictogram(code="GHS07", source=PictogramSource.TEXT, confidence=0.9)]
    page = PageVision(
        page=1,
        pictograms=(
            PictogramDetection(code="GHS07", page=1, box=_BOX, score=0.97),
            PictogramDetection(code="GHS09", page=1, box=_BOX, score=0.91),
        ),
    )
    # When they are merged
    merged = merge_pictograms(text, [page])
    # Then GHS07 comes from both and GHS09 from the image, with its name and evidence
    assert [(p.code, p.source) for p in merged] == [
        ("GHS07", PictogramSource.BOTH),
        ("GHS09", PictogramSource.IMAGE),
    ]
    assert merged[1].name_en == "Environment" and merged[1].evidence[0].page == 1


def test_a_weak_detection_does_not_become_a_pictogram() -> None:
    # Given a detection below the score threshold
    page = PageVision(page=1, pictograms=(PictogramDetection(code="GHS02", page=1, box=_BOX, score=0.2),))
    # When merged with no text pictograms
    merged = merge_pictograms([], [page])
    # Then nothing is reported
    assert merged == []


def test_a_confident_signature_detection_sets_has_signature() -> None:
    # Given a signature found on page 5
    page = PageVision(page=5, signatures=(SignatureDetection(page=5, box=_BOX, score=0.93),))
    # When the field is built
    field = signature_field([page], pages_checked=1)
    # Then the sheet is signed, with the detection as evidence
    assert field is not None and field.value is True and field.evidence[0].page == 5


def test_no_signature_on_checked_pages_is_a_no_and_unchecked_pages_say_nothing() -> None:
    # Given a checked page without detections
    # When the field is built for checked and for unchecked pages
    checked = signature_field([PageVision(page=3)], pages_checked=1)
    unchecked = signature_field([], pages_checked=0)
    # Then the first says no, the second leaves the field empty
    assert checked is not None and checked.value is False
    assert unchecked is None


def _signed(page: int, box: Box, score: float = 0.9) -> PageVision:
    return PageVision(page=page, signatures=(SignatureDetection(page=page, box=box, score=score),))


def test_a_signature_like_drawing_printed_at_the_same_place_on_every_page_is_not_a_signature() -> None:
    # Given a logo detected as a signature at the top of the signed last page and of a reference page
    logo = Box(x0=400, y0=20, x1=520, y1=60)
    signed = _signed(8, logo)
    reference = _signed(1, Box(x0=401, y0=21, x1=519, y1=61))
    # When repeated marks are dropped
    kept = drop_repeated_signatures([signed], reference)
    # Then nothing is left, so the sheet is not called signed
    assert kept[0].signatures == ()
    field = signature_field(kept, pages_checked=1)
    assert field is not None and field.value is False


def test_a_signature_found_once_is_kept_even_beside_a_repeated_logo() -> None:
    # Given a signature on the last page, and a logo at the same place on pages 7 and 8
    logo = Box(x0=400, y0=20, x1=520, y1=60)
    signature = Box(x0=80, y0=600, x1=220, y1=650)
    page7 = _signed(7, logo)
    page8 = PageVision(
        page=8,
        signatures=(
            SignatureDetection(page=8, box=logo, score=0.9),
            SignatureDetection(page=8, box=signature, score=0.95),
        ),
    )
    # When repeated marks are dropped (no reference page needed: the signed pages repeat the logo)
    kept = drop_repeated_signatures([page7, page8])
    # Then only the signature remains
    assert [d.box for page in kept for d in page.signatures] == [signature]


def test_the_reference_page_is_the_first_page_the_sheet_is_not_signed_on() -> None:
    # Given signature pages 1 and 4 of a 4-page sheet, and a 1-page sheet
    # When the reference page is chosen
    # Then it is page 2, and a sheet with no other page has none
    assert reference_page([1, 4], 4) == 2
    assert reference_page([1], 1) is None
