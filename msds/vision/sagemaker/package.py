"""Build ``model.tar.gz``, the SageMaker model package of the vision model.

Layout (what SageMaker unpacks into ``/opt/ml/model``)::

    <trained artefacts, as in msds/data/vision/>    model_dir passed to model_fn
    code/inference.py                               model_fn / input_fn / predict_fn / output_fn
    code/requirements.txt                           third-party distributions, pinned to this host's versions
    code/msds/..., code/models/...                  the first-party modules the handler imports, unchanged
    code/package-manifest.json                      sha256 of every member, for audit

The handler's own modules travel as source inside ``code/`` (the inference toolkit puts ``code/`` first on
``sys.path``) rather than as a wheel of the whole project: the container then imports the very same
``msds.vision.processing`` file as the local step, without the project's other requirements (CDK,
Tesseract) that have no place in an inference container. The archive is reproducible: members are sorted
and carry no time stamps or owners, so the same inputs give the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from msds.errors import ConfigurationError
from msds.vision.sagemaker.closure import project_root, source_closure

CODE_DIR = PurePosixPath("code")
HANDLER_NAME = "inference.py"
MANIFEST_NAME = "package-manifest.json"
# The inference container already provides these; pinning them again would only fight its own versions.
_CONTAINER_PROVIDED = ("sagemaker-inference", "multi-model-server")
_SKIPPED_ARTEFACTS = ("__pycache__", ".DS_Store")


class ArtefactsMissing(ConfigurationError):
    """There is no trained model to package."""

    code = "vision_artefacts_missing"


class ArtefactsClash(ConfigurationError):
    """The artefacts folder holds a ``code/`` folder of its own."""

    code = "vision_artefacts_clash"


@dataclass(frozen=True)
class PackageManifest:
    """What went into the archive: member path -> sha256, and the pinned requirements."""

    path: Path
    members: dict[str, str]
    requirements: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps(
            {"members": self.members, "requirements": list(self.requirements)}, indent=2, sort_keys=True
        )


def handler_source() -> Path:
    """The handler module that becomes ``code/inference.py``."""
    return Path(__file__).resolve().with_name(HANDLER_NAME)


def default_artefacts_dir() -> Path:
    return project_root() / "msds" / "data" / "vision"


def build_model_package(output: Path, artefacts_dir: Path | None = None) -> PackageManifest:
    """Write model.tar.gz to ``output``; return its manifest."""
    artefacts_dir = artefacts_dir or default_artefacts_dir()
    artefacts = _artefact_files(artefacts_dir)
    handler = handler_source()
    closure = source_closure([handler], exclude_requirements=_CONTAINER_PROVIDED)
    members: dict[str, bytes] = {}
    for path in artefacts:
        members[path.relative_to(artefacts_dir).as_posix()] = path.read_bytes()
    members[str(CODE_DIR / HANDLER_NAME)] = handler.read_bytes()
    members[str(CODE_DIR / "requirements.txt")] = closure.requirements_txt().encode()
    for relative in closure.files:
        members[str(CODE_DIR / relative)] = (closure.root / relative).read_bytes()
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(members.items())}
    manifest = PackageManifest(output, digests, closure.requirements)
    members[str(CODE_DIR / MANIFEST_NAME)] = manifest.to_json().encode()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(reproducible_tar_gz(members.items()))
    return manifest


def reproducible_tar_gz(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A gzip'd tar of the given (path, bytes), sorted by path, with no time stamps or owners."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        directories: set[str] = set()
        for name, data in sorted(members):
            for parent in reversed(PurePosixPath(name).parents[:-1]):
                if str(parent) not in directories:
                    directories.add(str(parent))
                    archive.addfile(_info(str(parent), 0, directory=True))
            archive.addfile(_info(name, len(data)), io.BytesIO(data))
    compressed = io.BytesIO()
    with gzip.GzipFile(fileobj=compressed, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return compressed.getvalue()


def _info(name: str, size: int, *, directory: bool = False) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.type = tarfile.DIRTYPE if directory else tarfile.REGTYPE
    info.mode = 0o755 if directory else 0o644
    return info


def _artefact_files(artefacts_dir: Path) -> list[Path]:
    if not artefacts_dir.is_dir():
        raise ArtefactsMissing(f"no trained vision model at {artefacts_dir}: train it first")
    files = sorted(
        path
        for path in artefacts_dir.rglob("*")
        if path.is_file() and not any(part in _SKIPPED_ARTEFACTS for part in path.parts)
    )
    if not files:
        raise ArtefactsMissing(f"{artefacts_dir} holds no trained artefacts: train the model first")
    if any(path.relative_to(artefacts_dir).parts[0] == str(CODE_DIR) for path in files):
        raise ArtefactsClash(f"{artefacts_dir} has a 'code' folder, which would clash with the handler's")
    return files
