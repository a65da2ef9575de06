"""The vision model's SageMaker package, built during the synth from the trained artefacts the project ships
(``msds/data/vision``): the endpoint always has a model, with no parameter and no network.

The archive is reproducible (``msds.vision.sagemaker.package``: sorted members, no time stamps or owners), so
the same model and code give the same bytes and the same asset hash: an unchanged model is not uploaded
again and does not replace the endpoint's model.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from msds.vision.sagemaker.package import build_model_package

PACKAGE_NAME = "model.tar.gz"


def build_synth_model_package(artefacts_dir: Path | None = None) -> Path:
    """Write the package into a fresh folder of this synth (parallel synths never share one); its path."""
    folder = Path(tempfile.mkdtemp(prefix="msds-vision-model-"))
    output = folder / PACKAGE_NAME
    build_model_package(output, artefacts_dir)
    return output
