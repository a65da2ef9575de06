"""The tests run on the Python of the Lambda functions, with the package versions the layer is built under."""

from __future__ import annotations

import re
import stat
import sys
from importlib import metadata
from pathlib import Path

from infra import assets

ROOT = Path(__file__).resolve().parents[2]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._\-]*)==(\S+)$")


def _lock() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[assets.canonical(match.group(1))] = match.group(2)
    return pins


def _requirement_names(path: Path) -> set[str]:
    names = set()
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(assets.canonical(re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0]))
    return names


def test_the_tests_run_on_the_python_of_the_lambda_runtime() -> None:
    # Given the Python version the Lambda functions are deployed with
    lambda_version = assets.LAMBDA_PYTHON_VERSION

    # When this test runs
    running = f"{sys.version_info.major}.{sys.version_info.minor}"

    # Then it runs on that very version, and set-up looks for (or builds) the same one
    assert running == lambda_version
    script = (ROOT / "scripts" / "find_python.sh").read_text()
    assert f"PYTHON_VERSION={lambda_version}\n" in script


def test_the_functions_are_deployed_on_the_runtime_of_that_version() -> None:
    # Given the runtime every function and the layer are declared with
    from infra.constructs.functions import RUNTIME

    # When its name is read
    name = RUNTIME.name

    # Then it is the Lambda runtime of the project's Python
    assert name == f"python{assets.LAMBDA_PYTHON_VERSION}"


def test_every_requirement_is_pinned_in_the_lock_file() -> None:
    # Given the requirement files of the runtime and the tests, and the lock file
    pins = _lock()
    names = _requirement_names(ROOT / "requirements.txt") | _requirement_names(ROOT / "requirements-dev.txt")

    # When each requirement is looked up in the lock
    unpinned = sorted(name for name in names if name not in pins)

    # Then every one has an exact version there
    assert unpinned == []


def test_the_test_environment_has_exactly_the_locked_versions() -> None:
    # Given the lock file
    pins = _lock()

    # When the installed version of each locked package is read
    differing = {
        name: (version, metadata.version(name))
        for name, version in pins.items()
        if metadata.version(name) != version
    }

    # Then none differs: the tests run the versions the layer is built under
    assert differing == {}


def test_the_layer_is_resolved_under_the_lock_file(tmp_path: Path) -> None:
    # Given a stand-in for pip that records its command line, in place of the package index
    recorder = tmp_path / "python"
    log = tmp_path / "argv.txt"
    recorder.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\n')
    recorder.chmod(recorder.stat().st_mode | stat.S_IXUSR)

    # When the layer is built with it
    assets.build_layer(tmp_path / "layer", requirements=["pydantic==2.14.3"], pip=str(recorder))

    # Then pip was asked for the Lambda Python and platform, with the lock file as constraints
    argv = log.read_text().splitlines()
    assert argv[argv.index("--python-version") + 1] == assets.LAMBDA_PYTHON_VERSION
    assert argv[argv.index("-c") + 1] == str(ROOT / "requirements.lock")


def test_a_layer_built_under_another_lock_is_stale(tmp_path: Path, monkeypatch) -> None:
    # Given a layer stamped for the project's requirements under today's lock file
    requirements = assets.lambda_requirements()
    (tmp_path / assets.LAYER_STAMP).write_text(assets.requirements_digest(requirements) + "\n")
    assert assets.layer_is_built(tmp_path)

    # When the lock file changes a version
    changed = tmp_path / "requirements.lock"
    changed.write_text((ROOT / "requirements.lock").read_text() + "extra-package==1.0\n")
    monkeypatch.setattr(assets, "LOCK_FILE", changed)

    # Then the layer is no longer current
    assert assets.layer_is_built(tmp_path) is False
