"""The cycle collector is paused or frozen only inside the engine's blocks, and put back."""

from __future__ import annotations

import gc

import pytest

from maillage.solver.model import cycle_collector


def test_paused_turns_the_collector_off_and_back_on() -> None:
    assert gc.isenabled()
    with cycle_collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with cycle_collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_frozen_freezes_what_exists_and_unfreezes_even_on_error() -> None:
    assert gc.get_freeze_count() == 0
    kept = [[i] for i in range(100)]
    with pytest.raises(RuntimeError), cycle_collector.frozen():
        assert gc.get_freeze_count() >= len(kept)
        raise RuntimeError("a search failing")
    assert gc.get_freeze_count() == 0


def test_frozen_leaves_the_programs_own_freeze_alone() -> None:
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with cycle_collector.frozen():
            pass
        assert gc.get_freeze_count() == before
    finally:
        gc.unfreeze()
