"""Expanding command-line paths: every path that is not a regular file gets a named reason, nothing hangs."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from msds.cli.files import SkipReason, SpecialFile, display_name, expand_paths, read_regular_file


def _reasons(paths: list[str], **options: bool) -> dict[str, str]:
    inputs = expand_paths(paths, **options)
    return {Path(item.path).name: item.reason.value for item in inputs.skipped}


def test_a_name_that_is_not_utf8_gets_a_bytes_safe_display_name(tmp_path: Path) -> None:
    # Given a file whose name is Latin-1 bytes
    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"fiche-s\xe9curit\xe9.pdf")))
    path.write_bytes(b"%PDF-1.7\n")
    # When the folder is expanded
    inputs = expand_paths([str(tmp_path)])
    # Then the file is kept, under a name that is valid text and shows the odd bytes
    assert [item.name for item in inputs.files] == ["fiche-s\\xe9curit\\xe9.pdf"]
    assert inputs.files[0].name.encode("utf-8")
    assert display_name(path).endswith("fiche-s\\xe9curit\\xe9.pdf")


def test_fifos_sockets_links_and_dot_files_are_each_named_and_not_read(tmp_path: Path) -> None:
    # Given a folder with a regular file, a FIFO, a socket, three kinds of link and dot-named entries
    (tmp_path / "sheet.pdf").write_bytes(b"%PDF-1.7\n")
    os.mkfifo(tmp_path / "pipe.pdf")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "socket.pdf"))
    (tmp_path / "link.pdf").symlink_to(tmp_path / "sheet.pdf")
    (tmp_path / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (tmp_path / "loop.pdf").symlink_to(tmp_path / "loop.pdf")
    (tmp_path / ".hidden.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "inside.pdf").write_bytes(b"%PDF-1.7\n")
    try:
        # When the folder is expanded with the defaults
        inputs = expand_paths([str(tmp_path)])
    finally:
        server.close()
    # Then only the regular file is to be processed and every other entry has its reason
    assert [item.name for item in inputs.files] == ["sheet.pdf"]
    assert {Path(item.path).name: item.reason for item in inputs.skipped} == {
        "pipe.pdf": SkipReason.FIFO,
        "socket.pdf": SkipReason.SOCKET,
        "link.pdf": SkipReason.SYMLINK,
        "dangling.pdf": SkipReason.SYMLINK,
        "loop.pdf": SkipReason.SYMLINK,
        ".hidden.pdf": SkipReason.HIDDEN,
        ".git": SkipReason.HIDDEN,
    }


def test_paths_named_on_the_command_line_get_the_same_reasons(tmp_path: Path) -> None:
    # Given a FIFO, a dangling link, a looping link and a path that does not exist, named one by one
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    names = [str(tmp_path / name) for name in ("pipe", "dangling", "loop", "missing")]
    # When they are expanded, without and with following links
    plain = _reasons(names)
    followed = _reasons(names, follow_symlinks=True)
    # Then each is named (a broken link as such when links are followed), and none aborts the expansion
    assert plain == {"pipe": "fifo", "dangling": "symlink", "loop": "symlink", "missing": "not_found"}
    assert followed == {
        "pipe": "fifo",
        "dangling": "broken_symlink",
        "loop": "broken_symlink",
        "missing": "not_found",
    }


def test_links_and_dot_files_are_processed_when_asked(tmp_path: Path) -> None:
    # Given a link to a file elsewhere and a dot-named file
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "target.pdf").write_bytes(b"%PDF-1.7\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "link.pdf").symlink_to(elsewhere / "target.pdf")
    (inbox / ".dot.pdf").write_bytes(b"%PDF-1.7\n")
    # When the folder is expanded following links and including hidden files
    inputs = expand_paths([str(inbox)], follow_symlinks=True, include_hidden=True)
    # Then both are files to process
    assert sorted(item.name for item in inputs.files) == [".dot.pdf", "link.pdf"]
    assert inputs.skipped == []


def test_reading_a_path_that_became_a_fifo_does_not_block(tmp_path: Path) -> None:
    # Given a FIFO nobody writes to
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    # When it is read as an input file
    # Then it is refused at once as a FIFO instead of waiting for a writer
    with pytest.raises(SpecialFile) as refused:
        read_regular_file(fifo, follow_symlinks=False, max_bytes=1024)
    assert refused.value.reason == SkipReason.FIFO


def test_a_file_over_the_size_limit_is_not_read_into_memory(tmp_path: Path) -> None:
    # Given a sparse file of 64 MiB
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    # When it is read with a limit of 1 MiB
    data, size = read_regular_file(big, follow_symlinks=False, max_bytes=1024 * 1024)
    # Then no bytes come back, only its size
    assert data is None and size == 64 * 1024 * 1024
