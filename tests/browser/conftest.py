"""Browser tests: the real ``msds serve`` in a subprocess on a free port, driven by Playwright in Debian's
headless Chromium (installed by scripts/setup.sh; Playwright's own browser download is never used)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("MSDS_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network: no background connections, no first-run work.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "browser test password"
USERS = (
    ("acme", ["--group", "supplier", "--supplier", "ACME", "--name", "Acme Chemicals"]),
    ("globex", ["--group", "supplier", "--supplier", "GLOBEX"]),
    ("carl", ["--group", "compliance", "--name", "Carl Compliance"]),
    ("rita", ["--group", "reviewer", "--name", "Rita Reviewer"]),
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(
            f"{CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium for the browser tests"
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path


def _msds(data_dir: Path, *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "msds.cli.main", "--data-dir", str(data_dir), *args],
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
        env=_environment(),
    )


def _environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if not name.startswith("MSDS_")}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``msds serve`` with one reading worker on a fresh data dir, and one account per role."""
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    for name, options in USERS:
        _msds(data_dir, "users", "add", name, *options, "--password-stdin", stdin=PASSWORD + "\n")
    port = _free_port()
    log = (data_dir / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "msds.cli.main",
            "--data-dir",
            str(data_dir),
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=_environment(),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield Server(url, data_dir)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"msds serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/login", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("msds serve did not answer within 60 s")
