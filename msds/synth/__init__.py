"""Synthetic SDS generator: realistic safety data sheets with labels, for the project's own tests.

The tests never read the real corpus; they use documents made here. Everything is deterministic for a
given seed.
"""

from msds.synth.chemicals import Chemical, load_chemicals
from msds.synth.generator import generate

__all__ = ["Chemical", "generate", "load_chemicals"]
