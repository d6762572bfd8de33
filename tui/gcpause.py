"""Pausing Python's cyclic garbage collector around bulk building.

Loading a large catalog or building its search index creates millions of acyclic objects; the
collector would otherwise rescan them again and again (about twice as slow overall). What was built
is long-lived (a catalog, an index): the outermost pause ends by freezing every object alive into
the collector's permanent generation, so the next collections do not walk them all either (a
full collection over 1.5 million objects took 0.5 s of a load and later landed on a keystroke).
Objects still free as usual when their last reference goes; only garbage cycles made before a
freeze stay. Safe to nest and to use from several threads: the collector ends enabled if it was
enabled before any of them.

After a freeze the collector's heap is small, so CPython's rule that a full collection waits until
the survivors since the last are a quarter of that heap no longer spaces them out: one came every
10 middle-generation collections, each 35-45 ms in the app at 10k entries (visiting references into
the frozen heap), often on a keystroke. `freeze` makes them ten times rarer.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

FULL_COLLECTION_EVERY = 100  # middle-generation collections (CPython's default: 10)
# What a freeze catches in passing (a worker and its context, widgets about to be replaced) and
# later drops as a cycle is never collected: in the app, 26k objects and 20-40 MB a reload at 10k
# entries. Once the frozen heap has grown by this much since the last full collection, `refreeze`
# first collects everything (0.3 s at 10k entries).
REGROWTH_BEFORE_COLLECTING = 0.25


class Collected:
    """How many objects were frozen right after the last full collection (0: no freeze yet)."""

    frozen = 0


def freeze() -> None:
    """Move every object alive into the permanent generation, and space out full collections."""
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


def refreeze() -> None:
    """`freeze` for a process that freezes again and again (the app, after each load and index
    build): first a full collection, once the frozen heap has regrown by REGROWTH_BEFORE_COLLECTING
    since the last one."""
    regrown = gc.get_freeze_count() > (1 + REGROWTH_BEFORE_COLLECTING) * Collected.frozen
    if regrown and Collected.frozen:
        gc.unfreeze()
        gc.collect()
    freeze()
    if regrown:  # (or the first freeze: what it holds is the base)
        Collected.frozen = gc.get_freeze_count()


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            freeze()
            gc.enable()
