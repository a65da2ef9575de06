"""The SageMaker training job's source archive: the entry point, the training modules and their data, and
requirements pinned to the training environment's versions (so it is built, and tested, in .venv-train)."""

from __future__ import annotations

import io
import tarfile

from msds.vision.sagemaker.training_job import ENTRY_POINT, build_source_archive


def test_the_source_archive_holds_the_entry_point_the_training_modules_and_their_data() -> None:
    # Given the source archive the job downloads
    with tarfile.open(fileobj=io.BytesIO(build_source_archive())) as archive:
        names = {member.name for member in archive.getmembers() if member.isfile()}
        requirements = archive.extractfile("requirements.txt").read().decode()  # type: ignore[union-attr]
    # When its members are listed
    # Then the entry point sits at its root beside the project's training code and reference data
    assert ENTRY_POINT in names
    assert {"msds/vision/training/train.py", "msds/vision/processing.py", "msds/synth/chemicals.csv"} <= names
    assert any(name.startswith("msds/data/ghs/") for name in names)
    # and nothing of the trained model, the tests or the rest of the product travels with it
    assert not any(name.startswith(("msds/data/vision/", "tests/", "msds/pipeline/")) for name in names)
    # and the training image keeps its own PyTorch while the artwork package is pinned
    assert "torch" not in requirements.lower().split("==")[0::2]
    assert not any(line.lower().startswith("torch") for line in requirements.splitlines())
    assert any(line.startswith("ghs-hazard-pictogram==") for line in requirements.splitlines())


def test_the_source_archive_is_byte_for_byte_reproducible() -> None:
    # Given two builds of the source archive
    first, second = build_source_archive(), build_source_archive()
    # When they are compared
    # Then they are identical
    assert first == second
