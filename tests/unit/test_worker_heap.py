import gc
import weakref
from collections.abc import Iterator

import pytest

from msds.cli.heap import YOUNG_GENERATION_THRESHOLD, collect_less_often, freeze_warm_heap


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.fixture
def restored_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_collector")
def test_what_a_document_left_alive_is_kept_out_of_later_collections() -> None:
    # Given an object the worker keeps (a loaded table)
    kept = [_Node() for _ in range(10)]
    frozen_before = gc.get_freeze_count()

    # When the heap is frozen after a document
    freeze_warm_heap()

    # Then the kept objects are among the frozen ones, still alive
    assert gc.get_freeze_count() >= frozen_before + len(kept)
    assert all(isinstance(node, _Node) for node in kept)


@pytest.mark.usefixtures("restored_collector")
def test_garbage_cycles_of_a_document_are_collected_rather_than_frozen() -> None:
    # Given a reference cycle nobody holds any more (a document's leftovers)
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    probe = weakref.ref(first)
    del first, second

    # When the heap is frozen
    freeze_warm_heap()

    # Then the cycle was freed, not kept for the worker's life
    assert probe() is None


@pytest.mark.usefixtures("restored_collector")
def test_a_worker_collects_young_objects_less_often_than_the_default() -> None:
    # Given the interpreter's default thresholds
    default_young = gc.get_threshold()[0]

    # When the worker settles its collector
    collect_less_often()

    # Then young collections wait for more allocations
    assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD > default_young
