"""Named errors of the vision model."""

from __future__ import annotations

from msds.errors import MsdsError


class VisionModelMissing(MsdsError):
    """The trained artefacts (or the ONNX runtime that runs them) are not available."""

    code = "vision_model_missing"


class VisionModelInvalid(MsdsError):
    """The artefacts are present but do not match what this code expects (labels, input shapes)."""

    code = "vision_model_invalid"
