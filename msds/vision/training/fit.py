"""Fit a crop classifier on uint8 examples with light on-the-fly augmentation; deterministic for a seed."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn


@dataclass(frozen=True)
class FitSettings:
    epochs: int = 8
    batch: int = 128
    learning_rate: float = 4e-3
    weight_decay: float = 1e-4
    label_smoothing: float = 0.05
    shift: int = 3
    grey_share: float = 0.2


@dataclass(frozen=True)
class FitReport:
    seconds: float
    train_accuracy: float
    history: tuple[float, ...]


def fit(
    network: nn.Module,
    inputs: np.ndarray,
    labels: np.ndarray,
    settings: FitSettings,
    seed: int,
    log: Callable[[str], None] = print,
) -> FitReport:
    """Train in place with AdamW and a one-cycle schedule; inputs are uint8 (N, C, H, W)."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    x_all = torch.from_numpy(inputs)
    y_all = torch.from_numpy(labels.astype(np.int64))
    steps_per_epoch = math.ceil(len(y_all) / settings.batch)
    optimiser = torch.optim.AdamW(
        network.parameters(), lr=settings.learning_rate, weight_decay=settings.weight_decay
    )
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser,
        max_lr=settings.learning_rate,
        total_steps=settings.epochs * steps_per_epoch,
        pct_start=0.25,
    )
    loss_fn = nn.CrossEntropyLoss(label_smoothing=settings.label_smoothing)
    started = time.perf_counter()
    history = []
    correct = 0
    for epoch in range(settings.epochs):
        network.train()
        order = torch.randperm(len(y_all), generator=generator)
        total_loss, correct = 0.0, 0
        for step in range(steps_per_epoch):
            index = order[step * settings.batch : (step + 1) * settings.batch]
            x = augment(x_all[index].float() / 255.0, settings, generator)
            y = y_all[index]
            logits = network(x)
            loss = loss_fn(logits, y)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            schedule.step()
            total_loss += float(loss.detach()) * len(y)
            correct += int((logits.argmax(dim=1) == y).sum())
        history.append(total_loss / len(y_all))
        log(
            f"  epoch {epoch + 1}/{settings.epochs}: loss {history[-1]:.4f}, "
            f"train accuracy {correct / len(y_all):.4f}, {time.perf_counter() - started:.0f} s"
        )
    return FitReport(time.perf_counter() - started, correct / max(1, len(y_all)), tuple(history))


def augment(x: torch.Tensor, settings: FitSettings, generator: torch.Generator) -> torch.Tensor:
    """Random shifts (edge-replicated), contrast/brightness changes, and some colour crops made grey."""
    n, channels, height, width = x.shape
    s = settings.shift
    if s:
        padded = nn.functional.pad(x, (s, s, s, s), mode="replicate")
        dx = torch.randint(0, 2 * s + 1, (1,), generator=generator).item()
        dy = torch.randint(0, 2 * s + 1, (1,), generator=generator).item()
        x = padded[:, :, dy : dy + height, dx : dx + width]
    contrast = 1 + (torch.rand(n, 1, 1, 1, generator=generator) - 0.5) * 0.4
    brightness = (torch.rand(n, 1, 1, 1, generator=generator) - 0.5) * 0.2
    x = ((x - 0.5) * contrast + 0.5 + brightness).clamp(0, 1)
    if channels == 3 and settings.grey_share:
        grey = (x * torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)).sum(dim=1, keepdim=True)
        chosen = (torch.rand(n, 1, 1, 1, generator=generator) < settings.grey_share).float()
        x = chosen * grey.expand_as(x) + (1 - chosen) * x
    return x


def predict(network: nn.Module, inputs: np.ndarray, batch: int = 512) -> np.ndarray:
    """Logits for uint8 inputs, in evaluation mode."""
    network.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(inputs), batch):
            x = torch.from_numpy(inputs[start : start + batch]).float() / 255.0
            out.append(network(x).numpy())
    return np.concatenate(out) if out else np.zeros((0, 1), np.float32)
