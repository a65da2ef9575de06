"""Workers of the web app's background pool do not outlive their server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# The server hands its own pid to the worker, as the pool's initialiser gets it.
_MIDDLE = """
import os, subprocess, sys, time
worker = subprocess.Popen([sys.executable, "-c", '''
import sys, time
from msds.adapters.local.background_processor import leave_with_parent
leave_with_parent(int(sys.argv[1]), every_seconds=0.05)
time.sleep(120)
''', str(os.getpid())])
print(worker.pid, flush=True)
time.sleep(120)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has exited; only its parent's bookkeeping is left


def test_a_worker_whose_server_was_killed_exits_by_itself() -> None:
    # Given a server process with a worker that watches it
    server = subprocess.Popen(
        [sys.executable, "-c", _MIDDLE], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    assert server.stdout is not None
    worker_pid = int(server.stdout.readline())
    try:
        assert _running(worker_pid)

        # When the server is killed without shutting its pool down
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)

        # Then the worker is gone soon after (polled, at most 20 s: a liveness check, not a timing)
        deadline = time.monotonic() + 20
        while _running(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(worker_pid)
    finally:
        if _running(worker_pid):
            os.kill(worker_pid, signal.SIGKILL)
