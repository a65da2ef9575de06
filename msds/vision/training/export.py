"""Export a trained classifier to ONNX and check that onnxruntime gives the same logits."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

from msds.vision.processing import INPUT_NAME

OPSET = 17


def export_onnx(network: nn.Module, input_shape: tuple[int, ...], path: Path) -> None:
    network.eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            network,
            (torch.zeros(1, *input_shape),),
            str(path),
            input_names=[INPUT_NAME],
            output_names=["logits"],
            dynamic_axes={INPUT_NAME: {0: "candidates"}, "logits": {0: "candidates"}},
            opset_version=OPSET,
            dynamo=False,
        )


def largest_difference(network: nn.Module, path: Path, inputs: np.ndarray) -> float:
    """Largest absolute difference between PyTorch's and onnxruntime's logits on uint8 inputs."""
    import onnxruntime

    network.eval()
    x = inputs.astype(np.float32) / 255.0
    with torch.no_grad():
        expected = network(torch.from_numpy(x)).numpy()
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    actual = session.run(None, {INPUT_NAME: x})[0]
    return float(np.abs(expected - actual).max())
