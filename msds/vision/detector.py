"""The vision model on CPU: ONNX classifiers (onnxruntime) over the candidates of msds.vision.processing.

Nothing is loaded at import or construction; the two ONNX sessions are created on first use and kept.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from models.common import Box
from models.vision import PageVision
from models.vision import PictogramDetection as PictogramRecord
from models.vision import SignatureDetection as SignatureRecord
from msds.vision import processing
from msds.vision.detections import PictogramDetection, SignatureDetection
from msds.vision.errors import VisionModelInvalid, VisionModelMissing

ARTEFACTS_DIR = Path(__file__).resolve().parent.parent / "data" / "vision"
PICTOGRAM_MODEL = "pictograms.onnx"
SIGNATURE_MODEL = "signatures.onnx"
METADATA = "vision_model.json"


class VisionModel:
    """Finds GHS pictograms and handwritten signatures on page images (render pages at ``dpi``).

    Implements msds.ports.VisionDetector. ``threads`` is onnxruntime's intra-op thread count (1: one core).
    """

    def __init__(self, artefacts: Path | None = None, threads: int = 1) -> None:
        self._artefacts = Path(artefacts) if artefacts is not None else ARTEFACTS_DIR
        self._threads = threads
        self._sessions: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, artefacts: Path, threads: int = 1) -> VisionModel:
        """A model whose sessions are created now (for servers that load once at start-up)."""
        model = cls(artefacts, threads)
        model._loaded()
        return model

    @property
    def dpi(self) -> int:
        return processing.RENDER_DPI

    def detect_pictograms(self, image: Image.Image) -> list[PictogramDetection]:
        """GHS01..GHS09 pictograms with boxes in the image's pixels, best first."""
        batch = processing.pictogram_batch(processing.working_page(image))
        return processing.pictogram_detections(batch, self.pictogram_logits(batch.inputs))

    def detect_signatures(self, image: Image.Image) -> list[SignatureDetection]:
        """Regions holding a handwritten signature, with boxes in the image's pixels, best first."""
        batch = processing.signature_batch(processing.working_page(image))
        return processing.signature_detections(batch, self.signature_logits(batch.inputs))

    def detect(
        self, image: Image.Image, page_number: int, *, signatures: bool, pictograms: bool = True
    ) -> PageVision:
        """The detectors asked for, as the pipeline's PageVision (boxes in the image's pixels)."""
        page = processing.working_page(image)
        found_pictograms: list[PictogramDetection] = []
        if pictograms:
            batch = processing.pictogram_batch(page)
            found_pictograms = processing.pictogram_detections(batch, self.pictogram_logits(batch.inputs))
        found_signatures: list[SignatureDetection] = []
        if signatures:
            signature_batch = processing.signature_batch(page)
            found_signatures = processing.signature_detections(
                signature_batch, self.signature_logits(signature_batch.inputs)
            )
        return PageVision(
            page=page_number,
            pictograms=tuple(
                PictogramRecord(code=d.code, page=page_number, box=Box(**d.box._asdict()), score=d.score)
                for d in found_pictograms
            ),
            signatures=tuple(
                SignatureRecord(page=page_number, box=Box(**d.box._asdict()), score=d.score)
                for d in found_signatures
            ),
        )

    def pictogram_logits(self, inputs: np.ndarray) -> np.ndarray:
        """Raw classifier output (N, 10) for crops (N, 3, 48, 48)."""
        return self._run(self._loaded()[0], inputs, len(processing.PICTOGRAM_LABELS))

    def signature_logits(self, inputs: np.ndarray) -> np.ndarray:
        """Raw classifier output (N, 2) for crops (N, 1, 32, 128)."""
        return self._run(self._loaded()[1], inputs, len(processing.SIGNATURE_LABELS))

    @staticmethod
    def _run(session: Any, inputs: np.ndarray, classes: int) -> np.ndarray:
        if len(inputs) == 0:
            return np.zeros((0, classes), np.float32)
        return np.asarray(session.run(None, {processing.INPUT_NAME: inputs.astype(np.float32)})[0])

    def _loaded(self) -> tuple[Any, Any]:
        with self._lock:
            if self._sessions is None:
                self._check_metadata()
                self._sessions = (self._session(PICTOGRAM_MODEL), self._session(SIGNATURE_MODEL))
            return self._sessions

    def _session(self, name: str) -> Any:
        try:
            import onnxruntime
        except ImportError as error:
            raise VisionModelMissing("onnxruntime is not installed (requirements.txt)") from error
        path = self._artefacts / name
        if not path.is_file():
            raise VisionModelMissing(f"no trained model at {path}: run scripts/train_vision.py")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def _check_metadata(self) -> None:
        path = self._artefacts / METADATA
        if not path.is_file():
            raise VisionModelMissing(f"no model metadata at {path}: run scripts/train_vision.py")
        metadata = json.loads(path.read_text(encoding="utf-8"))
        expected = {
            "pictogram_labels": list(processing.PICTOGRAM_LABELS),
            "signature_labels": list(processing.SIGNATURE_LABELS),
            "pictogram_input": list(processing.PICTOGRAM_INPUT),
            "signature_input": list(processing.SIGNATURE_INPUT),
        }
        for key, value in expected.items():
            if metadata.get(key) != value:
                raise VisionModelInvalid(
                    f"{path}: {key} is {metadata.get(key)!r}, this code expects {value!r}"
                )
