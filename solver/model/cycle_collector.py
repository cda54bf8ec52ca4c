"""Python's cycle collector around the engine's large models.

A model of a year-long ward is millions of small lists, and none of them form cycles; the
collector still walks them all whenever it runs a full pass
(docs/decisions/2026-12-01-collector-threshold.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off, while a model is built: its passes over the lists being made took
    about a third of the time of encoding the rules."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """What exists now (the model) left out of the collector's passes, while a search makes
    and drops many small models: each full pass over a large model takes seconds that the
    moves would otherwise have. Left as is when the program froze objects itself
    (`gc.freeze` does not nest)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
