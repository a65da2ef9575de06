"""Free-text translation to English with Apertium (rule-based, offline) where its pairs are installed.

Apertium has no direct fr/pt/it -> en pairs in Debian, so those go through Spanish (fr-es | spa-eng).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from msds.errors import TranslationFailed

_MODES_DIR = Path("/usr/share/apertium/modes")
# Source language -> chain of Apertium modes ending in English.
_CHAINS: dict[str, tuple[tuple[str, ...], ...]] = {
    "es": (("spa-eng",),),
    "fr": (("fr-es", "spa-eng"), ("fra-spa", "spa-eng")),
    "pt": (("pt-es", "spa-eng"), ("por-spa", "spa-eng")),
    "it": (("ita-spa", "spa-eng"),),
}
_SEPARATOR = "\n\u2063\n"  # an invisible separator survives translation and splits the batch again


class ApertiumTranslator:
    """Implements msds.ports.Translator with the `apertium` command line."""

    def __init__(self, modes_dir: Path = _MODES_DIR, timeout_seconds: float = 60.0) -> None:
        self._modes_dir = modes_dir
        self._timeout = timeout_seconds
        self._binary = shutil.which("apertium")

    def _chain(self, source_language: str) -> tuple[str, ...] | None:
        if self._binary is None:
            return None
        for chain in _CHAINS.get(source_language, ()):
            if all((self._modes_dir / f"{mode}.mode").exists() for mode in chain):
                return chain
        return None

    def can_translate(self, source_language: str) -> bool:
        return self._chain(source_language) is not None

    def translate(self, texts: Iterable[str], source_language: str) -> list[str]:
        items = list(texts)
        chain = self._chain(source_language)
        if chain is None or not items:
            return items
        payload = _SEPARATOR.join(item.replace("\n", " ") for item in items)
        for mode in chain:
            payload = self._run(mode, payload)
        parts = [part.strip() for part in payload.split("\u2063")]
        if len(parts) != len(items):  # the engine merged or split segments: translate one by one
            return (
                [self.translate([item], source_language)[0] for item in items]
                if len(items) > 1
                else [payload]
            )
        return parts

    def _run(self, mode: str, text: str) -> str:
        assert self._binary is not None
        completed = subprocess.run(
            [self._binary, "-u", mode],
            input=text,
            capture_output=True,
            text=True,
            timeout=self._timeout,
            check=False,
        )
        if completed.returncode != 0:
            raise TranslationFailed(f"apertium {mode} failed: {completed.stderr.strip()[:200]}")
        return completed.stdout
