"""Several processes opening one new SQLite database at once all get a connection, in WAL mode."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

from msds.adapters.local.sqlite_wal import open_shared


def _open_and_write(path: str, barrier: Barrier, number: int) -> None:
    barrier.wait()
    connection = open_shared(Path(path))
    connection.execute("CREATE TABLE IF NOT EXISTS opened(number INTEGER)")
    connection.execute("INSERT INTO opened VALUES (?)", (number,))
    connection.close()


def test_processes_opening_a_new_database_at_the_same_moment_all_succeed(tmp_path: Path) -> None:
    # Given, eight times over, six processes that open the same new database file at the same moment (the
    # plain switch to WAL failed for about one process in fifty this way)
    context = multiprocessing.get_context("forkserver")
    exit_codes: list[int | None] = []
    paths = [tmp_path / f"shared-{round_}.sqlite3" for round_ in range(8)]
    for path in paths:
        barrier = context.Barrier(6)
        workers = [context.Process(target=_open_and_write, args=(str(path), barrier, n)) for n in range(6)]

        # When each opens it and writes a row
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        exit_codes += [worker.exitcode for worker in workers]

    # Then every process succeeded, and each database is in WAL mode with its six rows
    assert exit_codes == [0] * len(exit_codes)
    for path in paths:
        connection = open_shared(path)
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert sorted(row[0] for row in connection.execute("SELECT number FROM opened")) == list(range(6))
        connection.close()
