"""The two small convolutional classifiers: pictogram crops (10 classes) and signature crops (2 classes)."""

from __future__ import annotations

import itertools

import torch
from torch import nn


def _block(inputs: int, outputs: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(inputs, outputs, 3, stride=stride, padding=1, bias=False),
        nn.BatchNorm2d(outputs),
        nn.ReLU(inplace=True),
    )


class CropClassifier(nn.Module):
    """Conv blocks with pooling, then global average and max pooling side by side, then one linear layer.

    Global pooling keeps the network independent of where inside the crop a feature lies; using the max as
    well as the mean keeps small, decisive details (a class number in a corner, a thin border).
    """

    def __init__(
        self, in_channels: int, widths: tuple[int, ...], classes: int, first_stride: int = 1
    ) -> None:
        super().__init__()
        layers: list[nn.Module] = [_block(in_channels, widths[0], first_stride)]
        for previous, width in itertools.pairwise(widths):
            layers += [nn.MaxPool2d(2), _block(previous, width)]
        self.features = nn.Sequential(*layers)
        self.dropout = nn.Dropout(0.2)
        self.head = nn.Linear(2 * widths[-1], classes)

    def forward(self, crops: torch.Tensor) -> torch.Tensor:
        features = self.features(crops)
        pooled = torch.cat([features.mean(dim=(2, 3)), features.amax(dim=(2, 3))], dim=1)
        return self.head(self.dropout(pooled))


def pictogram_network() -> CropClassifier:
    return CropClassifier(3, (16, 32, 48, 64), 10)


def signature_network() -> CropClassifier:
    return CropClassifier(1, (12, 24, 48, 64), 2)
