from models.document import MediaType
from msds.domain.file_types import describe_unknown, sniff_media_type


def test_accepted_types_are_recognised_by_their_content() -> None:
    # Given the first bytes of each accepted type
    heads = {
        b"%PDF-1.7\n": MediaType.PDF,
        b"\x89PNG\r\n\x1a\n....": MediaType.PNG,
        b"\xff\xd8\xff\xe0": MediaType.JPEG,
        b"II*\x00": MediaType.TIFF,
        b"MM\x00*": MediaType.TIFF,
    }
    # When they are sniffed
    # Then each is recognised
    for head, expected in heads.items():
        assert sniff_media_type(head) == expected


def test_a_word_document_renamed_to_pdf_is_not_taken_for_a_pdf() -> None:
    # Given a DOCX (ZIP) header
    head = b"PK\x03\x04\x14\x00\x06\x00"
    # When sniffed
    # Then it is not accepted and its type is named
    assert sniff_media_type(head) is None
    assert "ZIP" in describe_unknown(head)
