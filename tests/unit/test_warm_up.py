"""A worker builds what extraction builds on first use before its first document."""

from __future__ import annotations

from msds.domain.catalog import default_catalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.services.extract import identity, revision
from msds.services.extract.warm_up import warm_up_extraction


def test_warming_up_builds_the_label_patterns_every_document_uses() -> None:
    # Given label patterns not built yet
    built_lazily = (
        identity._product_labels,
        identity._supplier_label,
        identity._emergency_label,
        revision._revision,
        revision._version_label,
    )
    for function in built_lazily:
        function.cache_clear()

    # When extraction is warmed up
    warm_up_extraction(default_catalog(), PhraseMatcher())

    # Then each pattern is built and kept for the documents to come
    assert [function.cache_info().currsize for function in built_lazily] == [1] * len(built_lazily)
