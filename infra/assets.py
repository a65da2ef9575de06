"""Lambda packaging without Docker: the project's code as one folder, its runtime dependencies as one layer.

* Code: ``msds/``, ``models/`` and ``lambdas/`` copied as they are (no caches), so every function imports the
  very same modules as the local host. Staged fresh on every synth: it is a plain copy, a few megabytes.
* Layer: ``pip install --target <dir>/python`` of the runtime requirements for the Lambda platform
  (``--platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64 --only-binary=:all:``), so no
  compiler and no container are needed. Built by the synth itself as a CDK asset with local bundling
  (``infra/layer_bundling.py``), which copies an up-to-date ``make assets`` build
  (``scripts/build_assets.py``) instead when there is one; the package index is the only network used.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CODE_PACKAGES = ("msds", "models", "lambdas")
# The vision model's trained artefacts: served by the SageMaker endpoint, never loaded by a function.
CODE_EXCLUDED = (Path("msds") / "data" / "vision",)
# The Python of the Lambda runtime; scripts/find_python.sh gives the project (and every test) the same one.
LAMBDA_PYTHON_VERSION = "3.13"
# Every package version of the test environment; the layer is resolved under the same pins.
LOCK_FILE = PROJECT_ROOT / "requirements.lock"
LAMBDA_PLATFORMS = ("manylinux2014_x86_64", "manylinux_2_28_x86_64")
# Requirements the Lambda functions do not need: the CDK itself; the local host's engines that the AWS host
# replaces (Tesseract -> Textract, lingua -> Comprehend, the in-process vision model's onnxruntime and OpenCV
# -> the SageMaker endpoint; tantivy -> OpenSearch, DuckDB -> Redshift); the CLI's progress bar. tests/infra
# checks that every lambdas/ module imports without them (the local adapters import their engines lazily).
NOT_IN_LAMBDA = frozenset(
    {
        "aws-cdk-lib",
        "constructs",
        "cdk-nag",
        "cfn-lint",
        "tesserocr",
        "lingua-language-detector",
        "onnxruntime",
        "opencv-python-headless",
        "tqdm",
        "tantivy",
        "duckdb",
    }
)
# Their import names, for that check.
NOT_IN_LAMBDA_MODULES = (
    "aws_cdk",
    "constructs",
    "cdk_nag",
    "cfnlint",
    "tesserocr",
    "lingua",
    "onnxruntime",
    "cv2",
    "tqdm",
    "tantivy",
    "duckdb",
)
# Provided by the Lambda Python runtime; bundling them again only adds 80 MB.
PROVIDED_BY_RUNTIME = ("boto3", "botocore", "s3transfer")
# Extras the functions need on top of requirements.txt (the tracer of Powertools sends to X-Ray).
LAMBDA_EXTRAS = {"aws-lambda-powertools": "tracer"}
_SKIPPED = ("__pycache__", ".pytest_cache", ".mypy_cache")
_SKIPPED_SUFFIXES = (".pyc", ".pyo")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._\-]*)(\[[^\]]*\])?")
LAYER_STAMP = ".requirements.sha256"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lambda_requirements(requirements_file: Path | None = None) -> list[str]:
    """The runtime requirement lines for the Lambda layer, in file order, with the Lambda extras added."""
    path = requirements_file or PROJECT_ROOT / "requirements.txt"
    lines: list[str] = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = _NAME.match(line)
        if not match:
            continue
        name = canonical(match.group(1))
        if name in NOT_IN_LAMBDA or name in {canonical(p) for p in PROVIDED_BY_RUNTIME}:
            continue
        extra = LAMBDA_EXTRAS.get(name)
        if extra and not match.group(2):
            line = f"{match.group(1)}[{extra}]{line[match.end() :]}"
        lines.append(line)
    return lines


def requirements_digest(requirements: Iterable[str]) -> str:
    text = (
        "\n".join(requirements)
        + f"\npython={LAMBDA_PYTHON_VERSION}\nplatforms={','.join(LAMBDA_PLATFORMS)}\n"
        + LOCK_FILE.read_text()
    )
    return hashlib.sha256(text.encode()).hexdigest()


def stage_code(destination: Path, root: Path = PROJECT_ROOT) -> Path:
    """Copy the code packages into ``destination`` (emptied first). Missing packages are skipped: ``lambdas/``
    may not exist yet in a working tree, and the stack still synthesises."""
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    for package in CODE_PACKAGES:
        source = root / package
        if source.is_dir():
            shutil.copytree(source, destination / package, ignore=_ignore)
    for excluded in CODE_EXCLUDED:
        shutil.rmtree(destination / excluded, ignore_errors=True)
    return destination


def staged_code_dir() -> Path:
    """A fresh staging folder for this synth (per process, so parallel synths never share one)."""
    folder = Path(tempfile.mkdtemp(prefix="msds-lambda-code-"))
    return stage_code(folder / "code")


def layer_is_built(layer_dir: Path, requirements: list[str] | None = None) -> bool:
    """The folder holds a layer built for ``requirements`` (default: the project's), by its stamp."""
    requirements = lambda_requirements() if requirements is None else requirements
    stamp = layer_dir / LAYER_STAMP
    return stamp.is_file() and stamp.read_text().strip() == requirements_digest(requirements)


def pip_install_command(
    target: Path, requirements_path: Path, *, python: str | None = None, pip_args: Sequence[str] = ()
) -> list[str]:
    """``pip install --target`` of the requirements for the Lambda platform under the test environment's pins
    (requirements.lock): binary wheels only (no compiler, no container); ``pip_args`` adds options
    (``--no-index --find-links DIR`` to install from a folder)."""
    return [
        python or sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--target",
        str(target),
        "--implementation",
        "cp",
        "--python-version",
        LAMBDA_PYTHON_VERSION,
        "--only-binary=:all:",
        *(arg for platform in LAMBDA_PLATFORMS for arg in ("--platform", platform)),
        *pip_args,
        "-r",
        str(requirements_path),
        "-c",
        str(LOCK_FILE),
    ]


def build_layer(
    destination: Path,
    requirements: list[str] | None = None,
    pip: str | None = None,
    pip_args: Sequence[str] = (),
) -> Path:
    """``pip install --target destination/python`` for the Lambda platform; returns the layer folder."""
    requirements = lambda_requirements() if requirements is None else requirements
    if destination.exists():
        shutil.rmtree(destination)
    target = destination / "python"
    target.mkdir(parents=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(requirements) + "\n")
        requirements_path = Path(handle.name)
    try:
        command = pip_install_command(target, requirements_path, python=pip, pip_args=pip_args)
        subprocess.run(command, check=True, env={**os.environ, "PIP_NO_INPUT": "1"})
    finally:
        requirements_path.unlink()
    _prune_layer(target)
    (destination / LAYER_STAMP).write_text(requirements_digest(requirements) + "\n")
    return destination


def copy_layer(source: Path, destination: Path) -> Path:
    """A built layer folder copied into ``destination`` (which may exist, empty, as CDK hands it over)."""
    shutil.copytree(source, destination, dirs_exist_ok=True)
    return destination


def _prune_layer(target: Path) -> None:
    """Drop what the runtime already has, and caches, tests and type stubs nobody imports at run time."""
    for child in list(target.iterdir()):
        name = child.name.split("-")[0].lower()
        if name in PROVIDED_BY_RUNTIME or child.name in ("bin", "__pycache__"):
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    for cache in list(target.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)


def _ignore(directory: str, names: list[str]) -> set[str]:
    return {n for n in names if n in _SKIPPED or n.endswith(_SKIPPED_SUFFIXES)}


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
